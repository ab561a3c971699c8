import { isAscii } from 'node:buffer';

export type CsvEncoding = 'utf-8' | 'windows-1252';

/**
 * Windows-1252's bytes 0x80–0x9F as the WHATWG table reads them (the five it leaves undefined stay
 * C1 controls). Node's own `TextDecoder('windows-1252')` reads all 32 as C1 controls (Latin-1), so
 * `€` and `„“` would be lost; every other byte is the same in Latin-1.
 */
const WINDOWS_1252_80_TO_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Turns the bytes of an import file into text chunk by chunk, choosing the encoding at the first
 * byte that is not ASCII — up to there both encodings read the same, so what was handed on before
 * stays right: a valid UTF-8 sequence there (a BOM is one) means UTF-8; anything else means
 * Windows-1252, as German Excel saves "CSV (Trennzeichen-getrennt)". A file that began as UTF-8
 * stays UTF-8: a later invalid sequence becomes U+FFFD, which the row check refuses, rather than
 * a guess that would read the rows before it differently from how they were imported.
 */
export class CsvTextDecoder {
  private chosen: CsvEncoding | undefined;
  /** The start of the first non-ASCII sequence while its end is still in the next chunk. */
  private held: Uint8Array | undefined;
  // Keeps a U+FEFF it meets: the parser drops a BOM only at the start of the file.
  private readonly utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

  /** The encoding chosen; UTF-8 while the file has been ASCII only. */
  get encoding(): CsvEncoding {
    return this.chosen ?? 'utf-8';
  }

  decode(chunk: Uint8Array): string {
    if (this.chosen === 'utf-8') return this.utf8.decode(chunk, { stream: true });
    if (this.chosen === 'windows-1252') return windows1252(chunk);
    const bytes = this.held ? Buffer.concat([this.held, chunk]) : chunk;
    this.held = undefined;
    if (isAscii(bytes)) return latin1(bytes);
    let first = 0;
    while (bytes[first] < 0x80) first++;
    const ascii = latin1(bytes.subarray(0, first));
    const sequence = utf8SequenceAt(bytes, first);
    if (sequence === 'incomplete') {
      this.held = bytes.slice(first);
      return ascii;
    }
    this.chosen = sequence === 'valid' ? 'utf-8' : 'windows-1252';
    return ascii + this.decode(bytes.subarray(first));
  }

  /** What is left at the end of the file. */
  end(): string {
    if (this.chosen === 'utf-8') return this.utf8.decode();
    if (!this.held) return '';
    // The file ended inside its first non-ASCII sequence: not UTF-8.
    this.chosen = 'windows-1252';
    return windows1252(this.held);
  }
}

/** Whether a UTF-8 sequence starts at `at`, by the WHATWG decoder's byte ranges (no overlongs, surrogates or values past U+10FFFF). */
function utf8SequenceAt(bytes: Uint8Array, at: number): 'valid' | 'invalid' | 'incomplete' {
  const lead = bytes[at];
  const [length, secondLow, secondHigh] =
    lead >= 0xc2 && lead <= 0xdf
      ? [2, 0x80, 0xbf]
      : lead === 0xe0
        ? [3, 0xa0, 0xbf]
        : lead === 0xed
          ? [3, 0x80, 0x9f]
          : lead >= 0xe1 && lead <= 0xef
            ? [3, 0x80, 0xbf]
            : lead === 0xf0
              ? [4, 0x90, 0xbf]
              : lead >= 0xf1 && lead <= 0xf3
                ? [4, 0x80, 0xbf]
                : lead === 0xf4
                  ? [4, 0x80, 0x8f]
                  : [0, 0, 0];
  if (length === 0) return 'invalid';
  for (let i = 1; i < length; i++) {
    if (at + i >= bytes.length) return 'incomplete';
    const [low, high] = i === 1 ? [secondLow, secondHigh] : [0x80, 0xbf];
    if (bytes[at + i] < low || bytes[at + i] > high) return 'invalid';
  }
  return 'valid';
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

function windows1252(bytes: Uint8Array): string {
  return latin1(bytes).replace(/[\u0080-\u009f]/g, (char) => WINDOWS_1252_80_TO_9F[char.charCodeAt(0) - 0x80]);
}
