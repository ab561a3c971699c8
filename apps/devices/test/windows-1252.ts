/** The few Windows-1252 characters outside Latin-1 that the tests use, at their byte (the WHATWG table). */
const EXTRA: Readonly<Record<string, number>> = { '€': 0x80, '„': 0x84, '“': 0x93, '–': 0x96 };

/**
 * Text as German Excel saves "CSV (Trennzeichen-getrennt)": Windows-1252, no BOM. Written
 * independently of the import's decoder, so a test does not check the decoder against itself.
 */
export function windows1252(text: string): Buffer {
  return Buffer.from(
    Array.from(text, (char) => {
      const code = char.codePointAt(0)!;
      if (char in EXTRA) return EXTRA[char];
      if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
      throw new Error(`no Windows-1252 byte for ${char} in this helper`);
    }),
  );
}
