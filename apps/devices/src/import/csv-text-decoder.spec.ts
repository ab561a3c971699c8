import fc from 'fast-check';
import { CsvTextDecoder } from './csv-text-decoder';

function decodeInChunks(bytes: Uint8Array, chunkSize: number): { text: string; encoding: string } {
  const decoder = new CsvTextDecoder();
  let text = '';
  for (let i = 0; i < bytes.length; i += chunkSize) text += decoder.decode(bytes.subarray(i, i + chunkSize));
  text += decoder.end();
  return { text, encoding: decoder.encoding };
}

describe('the import file’s encoding', () => {
  it('reads Windows-1252’s 0x80–0x9F by the WHATWG table, not as C1 controls', () => {
    expect(decodeInChunks(Uint8Array.of(0x80, 0x84, 0x93, 0x96, 0x20, 0xe4, 0x81), 64)).toEqual({
      text: '€„“– ä\u0081',
      encoding: 'windows-1252',
    });
  });

  it('takes a file that ends inside its first non-ASCII sequence for Windows-1252', () => {
    expect(decodeInChunks(Buffer.from([0x61, 0x3b, 0xc3]), 1)).toEqual({ text: 'a;Ã', encoding: 'windows-1252' });
  });

  it('reads valid UTF-8 as UTF-8 whatever the chunk boundaries, and a U+FEFF after the start is kept', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ';', '\n', 'ä', 'ß', '€', '„', '🙂', '\ufeff'), maxLength: 40 });
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 9 }), (original, chunkSize) => {
        const decoded = decodeInChunks(Buffer.from(`x${original}`, 'utf8'), chunkSize);
        expect(decoded.text).toBe(`x${original}`);
        expect(decoded.encoding).toBe('utf-8');
      }),
    );
  });

  it('reads bytes that are not UTF-8 at their first non-ASCII byte the same whatever the chunk boundaries, with no U+FFFD', () => {
    const ascii = fc.uint8Array({ min: 0x00, max: 0x7f, maxLength: 30 });
    const notUtf8Start = fc.oneof(fc.integer({ min: 0x80, max: 0xc1 }), fc.integer({ min: 0xf5, max: 0xff }));
    fc.assert(
      fc.property(
        ascii,
        notUtf8Start,
        fc.uint8Array({ maxLength: 30 }),
        fc.integer({ min: 1, max: 9 }),
        (prefix, first, rest, chunkSize) => {
          const bytes = Uint8Array.from([...prefix, first, ...rest]);
          const whole = decodeInChunks(bytes, bytes.length);
          expect(decodeInChunks(bytes, chunkSize)).toEqual(whole);
          expect(whole.encoding).toBe('windows-1252');
          expect(whole.text).toHaveLength(bytes.length);
          expect(whole.text).not.toContain('\ufffd');
        },
      ),
    );
  });
});
