import { parseEuros, parseIntervals } from '../../apps/gateway/web/src/admin-input';

describe('what the tenant admin forms read from text fields', () => {
  it('reads a weekday’s opening hours as people type them', () => {
    expect(parseIntervals('08:00–12:00, 13:00–16:00')).toEqual({
      intervals: [
        { opens: '08:00', closes: '12:00' },
        { opens: '13:00', closes: '16:00' },
      ],
    });
    expect(parseIntervals('8:00-16:00')).toEqual({ intervals: [{ opens: '08:00', closes: '16:00' }] });
    expect(parseIntervals('7.30 bis 12.00; 14:00 - 24:00')).toEqual({
      intervals: [
        { opens: '07:30', closes: '12:00' },
        { opens: '14:00', closes: '24:00' },
      ],
    });
    expect(parseIntervals('  ')).toEqual({ intervals: [] });
  });

  it('names what is wrong with hours it cannot take', () => {
    expect(parseIntervals('morgens')).toEqual({ problem: 'offices.hoursFormat' });
    expect(parseIntervals('08:00–25:00')).toEqual({ problem: 'offices.hoursFormat' });
    expect(parseIntervals('12:00–08:00')).toEqual({ problem: 'offices.hoursOrder' });
    expect(parseIntervals('08:00–12:00, 11:00–14:00')).toEqual({ problem: 'offices.hoursOverlap' });
    // Touching intervals do not overlap (the API agrees).
    expect(parseIntervals('08:00–12:00, 12:00–14:00')).toEqual({
      intervals: [
        { opens: '08:00', closes: '12:00' },
        { opens: '12:00', closes: '14:00' },
      ],
    });
  });

  it('reads a fee in euros, German or English, as cents', () => {
    expect(parseEuros('37,80')).toBe(3780);
    expect(parseEuros('37.8')).toBe(3780);
    expect(parseEuros('12')).toBe(1200);
    expect(parseEuros('0,05 €')).toBe(5);
    expect(parseEuros('99999,99')).toBe(9_999_999);
    for (const wrong of ['', 'zwölf', '1.234,50', '100000', '3,456', '-5']) expect(parseEuros(wrong)).toBeUndefined();
  });
});
