import { toICalendar } from './icalendar';

describe('toICalendar', () => {
  const event = {
    uid: 'booking-1@amtsweg',
    start: new Date('2026-12-01T07:15:00Z'),
    end: new Date('2026-12-01T07:45:00Z'),
    summary: 'Personalausweis beantragen',
    location: 'Bürgerbüro Mitte, Marktplatz 1; 12345 Demo',
    description: 'Buchungsnummer K7M2-P9QX\nBitte bringen Sie ein Passfoto mit.',
  };

  it('writes UTC times, CRLF line ends and the stable UID', () => {
    const ics = toICalendar(event, new Date('2026-11-28T10:00:00Z'));
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics).toContain('\r\nDTSTART:20261201T071500Z\r\n');
    expect(ics).toContain('\r\nDTEND:20261201T074500Z\r\n');
    expect(ics).toContain('\r\nDTSTAMP:20261128T100000Z\r\n');
    expect(ics).toContain('\r\nUID:booking-1@amtsweg\r\n');
    expect(ics.split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
  });

  it('escapes commas, semicolons and newlines in text values', () => {
    const ics = toICalendar(event);
    expect(ics).toContain('LOCATION:Bürgerbüro Mitte\\, Marktplatz 1\\; 12345 Demo');
    expect(ics).toContain('DESCRIPTION:Buchungsnummer K7M2-P9QX\\nBitte bringen Sie ein Passfoto mit.');
  });

  it('folds long lines at 75 octets without splitting a multi-byte character', () => {
    const ics = toICalendar({ ...event, summary: 'Ä'.repeat(100) });
    const lines = ics.split('\r\n');
    const start = lines.findIndex((l) => l.startsWith('SUMMARY:'));
    expect(Buffer.byteLength(lines[start])).toBeLessThanOrEqual(75);
    expect(lines[start + 1].startsWith(' ')).toBe(true);
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toContain(`SUMMARY:${'Ä'.repeat(100)}\r\n`);
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });

  it('marks a cancellation so calendars remove the entry', () => {
    const ics = toICalendar({ ...event, cancelled: true, sequence: 2 });
    expect(ics).toContain('METHOD:CANCEL');
    expect(ics).toContain('STATUS:CANCELLED');
    expect(ics).toContain('SEQUENCE:2');
  });
});
