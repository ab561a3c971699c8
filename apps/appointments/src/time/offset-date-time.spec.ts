import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsOffsetDateTime, OffsetInQuery, parseOffsetDateTime } from './offset-date-time';

class Probe {
  @OffsetInQuery() @IsOffsetDateTime() at: string;
}

describe('date-times with an offset', () => {
  it.each([
    ['2026-12-01T08:15:00+01:00', '2026-12-01T07:15:00.000Z'],
    ['2026-12-01T07:15:00Z', '2026-12-01T07:15:00.000Z'],
    ['2026-12-01T07:15Z', '2026-12-01T07:15:00.000Z'],
    ['2026-12-01T07:15:00.250z', '2026-12-01T07:15:00.250Z'],
    ['2026-12-01T12:45:00+05:30', '2026-12-01T07:15:00.000Z'],
  ])('reads %s', (text, utc) => {
    expect(new Date(parseOffsetDateTime(text)!).toISOString()).toBe(utc);
  });

  it.each([
    '2026-12-01T08:15:00',
    '2026-12-01',
    '2026-02-30T08:00:00Z',
    '2026-12-01T25:00:00Z',
    '2026-12-01 08:15:00Z',
    'tomorrow',
    '',
    '1733040900000',
  ])('refuses %j', (text) => {
    expect(parseOffsetDateTime(text)).toBeUndefined();
  });

  it('refuses what is not a string', () => {
    expect(parseOffsetDateTime(1733040900000)).toBeUndefined();
    expect(parseOffsetDateTime(['2026-12-01T07:15:00Z'])).toBeUndefined();
  });

  it('reads a "+" that a query string turned into a space', () => {
    const probe = plainToInstance(Probe, { at: '2026-12-01T08:15:00 01:00' });
    expect(validateSync(probe)).toEqual([]);
    expect(probe.at).toBe('2026-12-01T08:15:00+01:00');
  });
});
