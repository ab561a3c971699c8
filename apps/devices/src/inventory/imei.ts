/**
 * An IMEI is 15 digits whose last is a Luhn check digit over the first 14: a mistyped digit or
 * two swapped neighbours are caught before a device with a wrong IMEI enters the register.
 */
export function isValidImei(value: string): boolean {
  if (!/^\d{15}$/.test(value)) return false;
  return luhnCheckDigit(value.slice(0, 14)) === Number(value[14]);
}

/** The Luhn digit that completes `digits` (every second digit from the right doubled). */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}
