import { DomainError } from './problem';
import { instantKey, PageCursor, postgresTimestampKey, uuidKey } from './page-cursor';

const ID = '0190a000-0000-7000-8000-0000000000aa';
const AT = new Date('2026-12-01T07:15:00.123Z');

const requests = new PageCursor<[Date, string]>('signature-requests', [instantKey, uuidKey]);

function refusal(decode: () => unknown): DomainError {
  try {
    decode();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('the cursor was accepted');
}

describe('PageCursor', () => {
  it('reads back what it wrote', () => {
    const cursor = requests.encode([AT, ID]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(requests.decode(cursor)).toEqual([AT, ID]);
  });

  it('keeps the microseconds of a PostgreSQL timestamp', () => {
    const conversations = new PageCursor<[string, string]>('conversations', [postgresTimestampKey, uuidKey]);
    const key: [string, string] = ['2026-12-01 08:15:00.123456+00', ID];
    expect(conversations.decode(conversations.encode(key))).toEqual(key);
  });

  it('refuses a cursor of another list, even one of the same shape', () => {
    const devices = new PageCursor<[string]>('devices', [uuidKey]);
    const deviceRequests = new PageCursor<[string]>('device-requests', [uuidKey]);
    expect(() => deviceRequests.decode(devices.encode([ID]))).toThrow(DomainError);
  });

  it.each([
    ['not base64url JSON', 'bm9wZQ'],
    ['a bare id (the earlier devices cursor)', ID],
    ['the earlier signatures cursor', Buffer.from(`${AT.toISOString()}|${ID}`).toString('base64url')],
    ['a JSON object', Buffer.from(JSON.stringify({ list: 'signature-requests' })).toString('base64url')],
    ['a part missing', Buffer.from(JSON.stringify(['signature-requests', AT.toISOString()])).toString('base64url')],
    ['a part too many', Buffer.from(JSON.stringify(['signature-requests', AT.toISOString(), ID, ID])).toString('base64url')],
    ['a number for a date', Buffer.from(JSON.stringify(['signature-requests', 1, ID])).toString('base64url')],
    ['a date that is no ISO instant', Buffer.from(JSON.stringify(['signature-requests', 'May 5', ID])).toString('base64url')],
    ['an id that is no UUID', Buffer.from(JSON.stringify(['signature-requests', AT.toISOString(), "x' OR 1=1"])).toString('base64url')],
    ['the empty string', ''],
  ])('refuses %s with 400 REQUEST.INVALID_CURSOR', (_what, cursor) => {
    const error = refusal(() => requests.decode(cursor));
    expect(error.status).toBe(400);
    expect(error.code).toBe('REQUEST.INVALID_CURSOR');
    expect(error.errors).toEqual([{ field: 'cursor', message: 'unknown cursor' }]);
  });

  it('refuses a cursor with one character changed, cut short, or with characters added', () => {
    const cursor = requests.encode([AT, ID]);
    const tampered = [
      cursor.slice(0, -1),
      cursor.slice(1),
      `${cursor}A`,
      `${cursor}=`,
      ` ${cursor}`,
      // Each position in the list name or the JSON around the parts: the name or the structure breaks.
      ...[0, 5, 10, 20].map((index) => cursor.slice(0, index) + (cursor[index] === 'A' ? 'B' : 'A') + cursor.slice(index + 1)),
    ];
    for (const edited of tampered)
      expect([edited, refusal(() => requests.decode(edited)).code]).toEqual([edited, 'REQUEST.INVALID_CURSOR']);
  });

  it('names the parameter the cursor came in', () => {
    expect(refusal(() => requests.decode('bm9wZQ', 'before')).errors).toEqual([{ field: 'before', message: 'unknown cursor' }]);
  });
});
