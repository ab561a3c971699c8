import { newId } from '@amtsweg/platform';
import { fromBusRecord, MalformedEventError, toBusRecord, type CloudEvent } from './envelope';

const event: CloudEvent<{ n: number }> = {
  id: newId(),
  source: '/amtsweg/appointments',
  type: 'de.amtsweg.appointments.booking.confirmed.v1',
  specversion: '1.0',
  time: '2026-11-28T08:00:00.000Z',
  subject: newId(),
  datacontenttype: 'application/json',
  tenantid: 'demo',
  correlationid: newId(),
  causationid: newId(),
  data: { n: 1 },
};

describe('CloudEvents envelope on the bus (Kafka binary mode)', () => {
  it('puts the attributes in ce_ headers, the subject in the key and the data in the value', () => {
    const record = toBusRecord('appointments.booking', event);
    expect(record).toEqual({
      topic: 'appointments.booking',
      key: event.subject,
      value: '{"n":1}',
      headers: expect.objectContaining({
        'content-type': 'application/json',
        ce_id: event.id,
        ce_type: event.type,
        ce_tenantid: 'demo',
        ce_causationid: event.causationid,
      }),
    });
    expect(record.headers).not.toHaveProperty('ce_traceparent');
    expect(record.headers).not.toHaveProperty('ce_datacontenttype');
  });

  it('reads back exactly the event it wrote', () => {
    expect(fromBusRecord(toBusRecord('t', event))).toEqual(event);
    const { causationid: _, ...withoutCause } = event;
    expect(fromBusRecord(toBusRecord('t', withoutCause))).toEqual(withoutCause);
  });

  it.each([
    ['a missing attribute', (h: Record<string, string>) => delete h.ce_tenantid, 'ce_tenantid'],
    ['another spec version', (h: Record<string, string>) => (h.ce_specversion = '0.3'), 'specversion'],
    ['another content type', (h: Record<string, string>) => (h['content-type'] = 'text/plain'), 'content-type'],
    ['an id that is no UUID', (h: Record<string, string>) => (h.ce_id = 'evt-1'), 'not a UUID'],
  ])('refuses a record with %s', (_, spoil, message) => {
    const record = toBusRecord('t', event);
    spoil(record.headers);
    expect(() => fromBusRecord(record)).toThrow(MalformedEventError);
    expect(() => fromBusRecord(record)).toThrow(message);
  });

  it('refuses a value that is not JSON', () => {
    expect(() => fromBusRecord({ ...toBusRecord('t', event), value: '{' })).toThrow('value is not JSON');
  });
});
