import { addressed, type DeviceNews } from './device-notifications';

const envelope = { id: '01937a2e-0000-7000-8000-0000000000e1', tenantid: 'demo', correlationid: 'corr-1' };
const admins = [
  { id: 'admin-1', email: 'it-1@demo.example', name: 'IT Eins' },
  { id: 'admin-2', email: 'it-2@demo.example', name: 'IT Zwei' },
];
const news = (actorId: string, concernedId?: string): DeviceNews => ({
  kind: 'device.returned',
  link: '/geraete/d-1',
  actorId,
  concerned: concernedId
    ? { userId: concernedId, email: `${concernedId}@demo.example`, message: { title: 'Für dich', body: 'b' } }
    : undefined,
  admins: { title: 'Für die IT', body: 'b' },
});

describe('addressed (who hears of a device event)', () => {
  it('tells the person concerned and every it-admin, except whoever acted', () => {
    const notifications = addressed(envelope, news('admin-1', 'staff-1'), admins);
    expect(notifications.map((n) => [n.recipientId, n.title, n.recipientEmail])).toEqual([
      ['staff-1', 'Für dich', 'staff-1@demo.example'],
      ['admin-2', 'Für die IT', 'it-2@demo.example'],
    ]);
    expect(notifications.every((n) => n.tenant === 'demo' && n.sourceEventId === envelope.id && n.kind === 'device.returned')).toBe(true);
  });

  it('gives an it-admin who is also the person concerned one notification, the personal one', () => {
    const notifications = addressed(envelope, news('someone-else', 'admin-2'), admins);
    expect(notifications.map((n) => [n.recipientId, n.title])).toEqual([
      ['admin-2', 'Für dich'],
      ['admin-1', 'Für die IT'],
    ]);
  });

  it('tells nobody about their own action', () => {
    expect(addressed(envelope, news('staff-1', 'staff-1'), admins).map((n) => n.recipientId)).toEqual(['admin-1', 'admin-2']);
    expect(addressed(envelope, news('admin-1'), [admins[0]])).toEqual([]);
  });
});
