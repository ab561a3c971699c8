import { Transform } from 'class-transformer';

/** An optional text setting: trimmed; empty or blank means unset (a copied `NAME=` line must not count as a value). */
export const optionalSetting = () =>
  Transform(({ value }) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined));

/** A text setting with a default: trimmed; unset, empty or blank takes `fallback`. */
export const textSetting = (fallback: string) =>
  Transform(({ value }) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback));

/** An integer setting: unset or empty takes `fallback`; anything else is parsed and then validated (@IsInt, @Min, @Max). */
export const integerSetting = (fallback: number) =>
  Transform(({ value }) => (value === undefined || value === '' ? fallback : Number(value)));
