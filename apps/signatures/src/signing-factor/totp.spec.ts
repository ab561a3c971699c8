import { base32, matchTotp, otpauthUri, timeStepAt, totpCode } from './totp';

// RFC 6238, appendix B: the SHA-1 seed and its 8-digit codes; the 6-digit code is the last six digits.
const RFC_SECRET = Buffer.from('12345678901234567890', 'ascii');
const RFC_VECTORS: Array<[number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238, HMAC-SHA1, 30 s, 6 digits)', () => {
  it.each(RFC_VECTORS)('matches the RFC test vector at T=%i', (seconds, code) => {
    const step = timeStepAt(new Date(seconds * 1000));
    expect(totpCode(RFC_SECRET, step, 8)).toBe(code);
    expect(totpCode(RFC_SECRET, step)).toBe(code.slice(-6));
  });

  it('accepts the code of the current step and of one step either side, not two', () => {
    const at = new Date(1_800_000_000_000);
    const step = timeStepAt(at);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, step), at, 0)).toBe(step);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, step - 1), at, 0)).toBe(step - 1);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, step + 1), at, 0)).toBe(step + 1);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, step - 2), at, 0)).toBeUndefined();
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, step + 2), at, 0)).toBeUndefined();
  });

  it('refuses a code of a step already used, and of any earlier step', () => {
    const at = new Date(1_800_000_000_000);
    const step = timeStepAt(at);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, step), at, step)).toBeUndefined();
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, step - 1), at, step)).toBeUndefined();
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, step + 1), at, step)).toBe(step + 1);
  });

  it('refuses anything that is not six digits', () => {
    expect(matchTotp(RFC_SECRET, '12345', new Date(), 0)).toBeUndefined();
    expect(matchTotp(RFC_SECRET, 'abcdef', new Date(), 0)).toBeUndefined();
  });

  it('encodes secrets in RFC 4648 base32 inside an otpauth URI', () => {
    expect(base32(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32(RFC_SECRET)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(otpauthUri(RFC_SECRET, 'clerk@demo.example')).toBe(
      'otpauth://totp/amtsweg:clerk%40demo.example?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=amtsweg&algorithm=SHA1&digits=6&period=30',
    );
  });
});
