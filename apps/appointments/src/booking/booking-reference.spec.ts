import fc from 'fast-check';
import { newBookingReference, normaliseBookingReference, REFERENCE_ALPHABET, REFERENCE_PATTERN } from './booking-reference';

describe('booking references', () => {
  it('are XXXX-XXXX from an alphabet without 0, O, 1, I and L', () => {
    for (let i = 0; i < 1000; i += 1) {
      const reference = newBookingReference();
      expect(reference).toMatch(REFERENCE_PATTERN);
      expect(reference).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/); // the event contract's format
      expect(reference).not.toMatch(/[01OIL]/);
    }
    expect(REFERENCE_ALPHABET).toHaveLength(31);
    expect(new Set(REFERENCE_ALPHABET).size).toBe(31);
  });

  it('use every character of the alphabet about equally often', () => {
    const counts = new Map<string, number>();
    const n = 4000;
    for (let i = 0; i < n; i += 1) for (const c of newBookingReference().replace('-', '')) counts.set(c, (counts.get(c) ?? 0) + 1);
    const expected = (n * 8) / 31;
    expect(counts.size).toBe(31);
    for (const count of counts.values()) expect(Math.abs(count - expected) / expected).toBeLessThan(0.15);
  });

  it('redraw bytes that would favour the first characters (no modulo bias)', () => {
    // 248…255 would map to the first 8 characters again; they must be skipped.
    const bytes = [248, 249, 250, 251, 252, 253, 254, 255, 0, 1, 2, 3, 4, 5, 6, 7];
    const reference = newBookingReference(() => Buffer.from(bytes));
    expect(reference).toBe('ABCD-EFGH');
  });

  it('are read back case-insensitively and trimmed, and nonsense is no reference', () => {
    expect(normaliseBookingReference(' abcd-efgh ')).toBe('ABCD-EFGH');
    fc.assert(
      fc.property(
        fc.string(),
        (text) => normaliseBookingReference(text) === undefined || REFERENCE_PATTERN.test(normaliseBookingReference(text)!),
      ),
    );
    expect(normaliseBookingReference('ABCD-EFG0')).toBeUndefined();
    expect(normaliseBookingReference('ABCDEFGH')).toBeUndefined();
  });
});
