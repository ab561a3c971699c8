/*
 * What the admin forms read from text fields. Imports nothing (its problems are i18n keys written
 * out), so that tests/proof/admin-input.spec.ts can check it outside the browser.
 */

/** One weekday's intervals as typed ("08:00–12:00, 13:00–16:00"; empty = closed), or the reason they cannot be read. */
export function parseIntervals(
  text: string,
):
  | { intervals: Array<{ opens: string; closes: string }> }
  | { problem: 'offices.hoursFormat' | 'offices.hoursOrder' | 'offices.hoursOverlap' } {
  const parts = text
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const intervals: Array<{ opens: string; closes: string }> = [];
  for (const part of parts) {
    const match = /^(\d{1,2})[:.](\d{2})\s*(?:[-–—]|bis|to)\s*(\d{1,2})[:.](\d{2})$/i.exec(part);
    if (!match) return { problem: 'offices.hoursFormat' };
    const opens = `${match[1].padStart(2, '0')}:${match[2]}`;
    const closes = `${match[3].padStart(2, '0')}:${match[4]}`;
    const valid = (time: string) => /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/.test(time);
    if (!valid(opens) || !valid(closes)) return { problem: 'offices.hoursFormat' };
    if (opens >= closes) return { problem: 'offices.hoursOrder' };
    intervals.push({ opens, closes });
  }
  const sorted = [...intervals].sort((a, b) => a.opens.localeCompare(b.opens));
  if (sorted.some((interval, index) => index > 0 && interval.opens < sorted[index - 1].closes)) return { problem: 'offices.hoursOverlap' };
  return { intervals };
}

/** "37,80" or "37.80" or "37" → 3780 cents; undefined when it is no amount. */
export function parseEuros(text: string): number | undefined {
  const match = /^(\d{1,5})(?:[.,](\d{1,2}))?$/.exec(text.trim().replace(/\s*€$/, ''));
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}
