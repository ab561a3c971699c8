import fc from 'fast-check';
import { isValidImei, luhnCheckDigit } from './imei';

describe('IMEI check digit (Luhn)', () => {
  it('accepts real IMEIs and refuses them with one digit changed', () => {
    expect(isValidImei('490154203237518')).toBe(true);
    expect(isValidImei('356938035643809')).toBe(true);
    expect(isValidImei('490154203237519')).toBe(false);
    expect(isValidImei('490154208237518')).toBe(false);
  });

  it('refuses anything but 15 digits', () => {
    for (const value of ['', '49015420323751', '4901542032375180', '49015420323751a', ' 490154203237518'])
      expect(isValidImei(value)).toBe(false);
  });

  it('catches every single-digit typo and every swap of two different neighbours', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{14}$/),
        fc.integer({ min: 0, max: 14 }),
        fc.integer({ min: 1, max: 9 }),
        (body, position, delta) => {
          const imei = body + luhnCheckDigit(body);
          expect(isValidImei(imei)).toBe(true);
          const typo = imei.slice(0, position) + ((Number(imei[position]) + delta) % 10) + imei.slice(position + 1);
          expect(isValidImei(typo)).toBe(false);
        },
      ),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^\d{14}$/), fc.integer({ min: 0, max: 13 }), (body, position) => {
        const imei = body + luhnCheckDigit(body);
        const a = imei[position];
        const b = imei[position + 1];
        // Luhn's one blind spot: 0 and 9 swapped.
        fc.pre(a !== b && !(`${a}${b}` === '09' || `${a}${b}` === '90'));
        const swapped = imei.slice(0, position) + b + a + imei.slice(position + 2);
        expect(isValidImei(swapped)).toBe(false);
      }),
    );
  });
});
