import { randomBytes } from 'node:crypto';
import { TenantDeletedV1, TenantUpdatedV1 } from '@amtsweg/contracts';
import { EVENT_BUS, toBusRecord, type CloudEvent, type EventBus } from '@amtsweg/eventing';
import { waitFor } from '@amtsweg/eventing/testing';
import { dataSourceToken, newId, type PlatformConfig } from '@amtsweg/platform';
import { signTestToken } from '@amtsweg/platform/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { gatewayProcess } from '../../apps/gateway/src/gateway.process';
import { EnrolledSigner } from '../../apps/signatures/test/enrolled-signer';
import { DocumentStore } from '../../apps/signatures/src/documents/document-store';
import { e2eModes, startProcessForTest, type ComposedProcess } from '../support/composed-process';

const SERVICES = ['appointments', 'messaging', 'signatures', 'devices'] as const;
const TENANT_COLUMNS = ['tenant', 'tenant_id', 'tenant_slug'];
const DAY_MS = 24 * 60 * 60_000;

interface TarEntry {
  name: string;
  content: Buffer;
}

/** Reads a ustar archive by hand (the format the gateway writes), checking each header's checksum. */
function readTar(archive: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString('ascii')
        .replace(/\0.*$/s, '')
        .trim();
    let sum = 0;
    header.forEach((byte, index) => (sum += index >= 148 && index < 156 ? 32 : byte));
    expect(parseInt(field(148, 8), 8)).toBe(sum);
    expect(field(257, 6)).toBe('ustar');
    const size = parseInt(field(124, 12), 8);
    entries.push({ name: field(0, 100), content: archive.subarray(offset + 512, offset + 512 + size) });
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  expect(archive.length % 512).toBe(0);
  return entries;
}

/**
 * Issue #16, off-boarding: a suspended municipality is exported (one JSON part per service, one tar
 * at the gateway), then deleted — and afterwards no table of any service holds a row of it, while
 * the other municipality is untouched.
 */
describe.each(e2eModes())('off-boarding a municipality — %s', (_mode, infra) => {
  let composed: ComposedProcess;
  let config: PlatformConfig;
  const slug = `abschied-${Date.now().toString(36)}`;
  const http = () => request(composed.app.getHttpServer());
  const provider = async () => `Bearer ${await signTestToken(config, { roles: ['provider-admin'], sub: 'provider-1' })}`;
  const adminOf = async (tenant: string) =>
    `Bearer ${await signTestToken(config, { tenant, roles: ['staff', 'clerk', 'it-admin', 'tenant-admin'], sub: `${tenant}-admin-1` })}`;
  const dataSource = (service: string) => composed.app.get<DataSource>(dataSourceToken(service), { strict: false });

  /** Rows per `schema.table` whose tenant column names `tenant`, in every service's database (only tables that have any). */
  const rowsOf = async (tenant: string): Promise<Record<string, number>> => {
    const counts: Record<string, number> = {};
    // Embedded, the four services share one database: each table is counted once.
    const seen = new Set<string>();
    for (const service of SERVICES) {
      const source = dataSource(service);
      const columns = (await source.query(
        `SELECT current_database() AS database, table_schema, table_name, column_name FROM information_schema.columns
          WHERE column_name = ANY($1) AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
        [TENANT_COLUMNS],
      )) as Array<{ database: string; table_schema: string; table_name: string; column_name: string }>;
      for (const column of columns) {
        const where = `${column.database}.${column.table_schema}.${column.table_name}.${column.column_name}`;
        if (seen.has(where)) continue;
        seen.add(where);
        const [{ count }] = (await source.query(
          `SELECT count(*)::int AS count FROM "${column.table_schema}"."${column.table_name}" WHERE "${column.column_name}" = $1`,
          [tenant],
        )) as Array<{ count: number }>;
        const key = `${column.table_schema}.${column.table_name}`;
        if (count > 0) counts[key] = (counts[key] ?? 0) + count;
      }
    }
    return counts;
  };

  beforeAll(async () => {
    composed = await startProcessForTest(gatewayProcess({}), infra);
    config = composed.config;
    // The archive fetches the parts from this process's own listener, as a client would.
    await new Promise<void>((resolve) => composed.app.getHttpServer().listen(0, '127.0.0.1', resolve));
  }, 120_000);
  afterAll(() => composed?.close(), 60_000);

  it('exports a suspended municipality, deletes it only after 30 days and a complete export, and leaves no row of it anywhere', async () => {
    // A municipality with a booking, a person and a signed document (2.5 MB: three chunks in the store).
    await http()
      .post('/api/v1/tenants')
      .set('authorization', await provider())
      .send({ slug, name: 'Stadt Abschied', federalState: 'NW' })
      .expect(201);
    const admin = await adminOf(slug);
    await waitFor(
      `${slug} known to messaging`,
      async () => (await http().get(`/api/v1/tenants/${slug}/people`).set('authorization', admin)).status,
      (status) => status === 200,
      { timeoutMs: 30_000 },
    );
    await http()
      .put(`/api/v1/tenants/${slug}/booking-settings`)
      .set('authorization', admin)
      .send({
        bookingWindowDays: 60,
        leadTimeMinutes: 0,
        maxActiveBookingsPerEmail: null,
        holdMinutes: null,
        waitingOfferMinutes: 60,
        requestsPerMinutePerAddress: null,
        proofOfWorkMaxNumber: null,
        reopenDelayMinutes: 0,
      })
      .expect(200);
    const office = await http()
      .post(`/api/v1/tenants/${slug}/offices`)
      .set('authorization', admin)
      .send({
        name: 'Rathaus Abschied',
        address: { street: 'Markt 1', postalCode: '12345', city: 'Abschied' },
        slotGridMinutes: 15,
        counters: 1,
        openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '23:45' })),
      })
      .expect(201);
    const service = await http()
      .post(`/api/v1/tenants/${slug}/services`)
      .set('authorization', admin)
      .send({ name: 'Abmeldung', durationMinutes: 15, officeIds: [office.body.id] })
      .expect(201);
    const query = { officeId: office.body.id, serviceId: service.body.id };
    const [slot] = (await http().get(`/api/v1/tenants/${slug}/slots`).query(query).expect(200)).body as Array<{ start: string }>;
    const booking = await http()
      .post(`/api/v1/tenants/${slug}/bookings`)
      .send({ ...query, start: slot.start, citizen: { name: 'Erika Abschied', email: `abschied-${Date.now()}@example.org` } })
      .expect(201);
    const person = await http()
      .post(`/api/v1/tenants/${slug}/people`)
      .set('authorization', admin)
      .send({ name: 'Clara Clerk', email: `clara@${slug}.example`, roles: ['clerk'] })
      .expect(201);
    // Clara signs a request of the admin's: a signed document, its signer and its audit in signatures.
    const clara = `Bearer ${await signTestToken(config, { tenant: slug, roles: ['staff', 'clerk'], sub: person.body.id, email: `clara@${slug}.example` })}`;
    const signer = await EnrolledSigner.enrol((path, body) => http().post(path).set('authorization', clara).send(body), slug);
    const letter = await PDFDocument.create();
    letter.addPage().drawText('Abschiedsbrief', { x: 50, y: 700, font: await letter.embedFont(StandardFonts.Helvetica), size: 14 });
    const signatureRequest = await http()
      .post(`/api/v1/tenants/${slug}/signature-requests`)
      .set('authorization', admin)
      .field('title', 'Abschiedsbrief')
      .field('steps', JSON.stringify([[`clara@${slug}.example`]]))
      .field('dueAt', new Date(Date.now() + 7 * DAY_MS).toISOString())
      .attach('file', Buffer.from(await letter.save()), { filename: 'abschied.pdf', contentType: 'application/pdf' })
      .expect(201);
    await http()
      .post(`/api/v1/tenants/${slug}/signature-requests/${signatureRequest.body.id}/sign`)
      .set('authorization', clara)
      .send({ otp: await signer.nextCode() })
      .expect(200);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2_500_000)]);
    const store = composed.app.get(DocumentStore, { strict: false });
    const documentId = await store.stage(slug, pdf);
    await dataSource('signatures').transaction((manager) => store.attach(manager, documentId));
    await waitFor(
      'the person in signatures and devices',
      () => rowsOf(slug),
      (rows) => rows['signatures.person'] === 1 && rows['devices.person'] === 1,
      { timeoutMs: 30_000 },
    );
    const demoBefore = await rowsOf('demo');

    // Not suspended, then not suspended long enough.
    const notSuspended = await http()
      .delete(`/api/v1/tenants/${slug}`)
      .set('authorization', await provider())
      .expect(409);
    expect(notSuspended.body.code).toBe('TENANT.NOT_SUSPENDED');
    await http()
      .patch(`/api/v1/tenants/${slug}`)
      .set('authorization', await provider())
      .send({ suspended: true })
      .expect(200);
    const tooEarly = await http()
      .delete(`/api/v1/tenants/${slug}`)
      .set('authorization', await provider())
      .expect(409);
    expect(tooEarly.body.code).toBe('TENANT.NOT_SUSPENDED_LONG_ENOUGH');
    const [{ since }] = (await dataSource('appointments').query(
      'SELECT suspended_since AS since FROM appointments.tenant WHERE slug = $1',
      [slug],
    )) as Array<{ since: Date }>;
    expect(tooEarly.body.detail).toContain(new Date(new Date(since).getTime() + 30 * DAY_MS).toISOString());

    // 31 days later, but nothing exported yet.
    await dataSource('appointments').query(`UPDATE appointments.tenant SET suspended_since = now() - interval '31 days' WHERE slug = $1`, [
      slug,
    ]);
    const notExported = await http()
      .delete(`/api/v1/tenants/${slug}`)
      .set('authorization', await provider())
      .expect(409);
    expect(notExported.body.code).toBe('TENANT.NOT_EXPORTED');

    // The export, of a suspended municipality; an unknown one is 404.
    await http()
      .post('/api/v1/tenants/nirgendwo/export')
      .set('authorization', await provider())
      .expect(404);
    const requested = await http()
      .post(`/api/v1/tenants/${slug}/export`)
      .set('authorization', await provider())
      .expect(202);
    expect(requested.headers.location).toBe(`/api/v1/tenants/${slug}/exports/${requested.body.id}`);
    expect(requested.body.parts).toEqual(SERVICES.map((name) => ({ service: name, delivered: false })));

    const archive = await http()
      .get(`${requested.headers.location}/archive`)
      .set('authorization', await provider())
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(archive.headers['content-type']).toBe('application/x-tar');
    const entries = readTar(archive.body as Buffer);
    expect(entries.map((entry) => entry.name)).toEqual(['appointments.json', 'messaging.json', 'signatures.json', 'devices.json']);
    const parts = Object.fromEntries(entries.map((entry) => [entry.name, JSON.parse(entry.content.toString('utf8'))]));
    for (const name of SERVICES) {
      expect(parts[`${name}.json`]).toMatchObject({ service: name, tenant: slug, schemaVersion: 1 });
      // Nothing of the other municipality, and no secrets.
      const text = JSON.stringify(parts[`${name}.json`]);
      expect(text).not.toContain('"tenant":"demo"');
      expect(text).not.toMatch(/secret|private_key|token_sha256|_sealed/);
    }
    const appointments = parts['appointments.json'].data;
    expect(appointments.booking.map((row: { reference: string; tenant: string }) => [row.reference, row.tenant])).toEqual([
      [booking.body.reference, slug],
    ]);
    expect(appointments.tenant).toEqual([expect.objectContaining({ slug, name: 'Stadt Abschied', suspended: true })]);
    expect(parts['messaging.json'].data.person.map((row: { id: string }) => row.id)).toContain(person.body.id);
    const signatures = parts['signatures.json'].data;
    const documents = signatures.documents as Array<{ id: string; byteSize: number; contentBase64: string }>;
    const big = documents.find((document) => document.id === documentId)!;
    expect(Buffer.from(big.contentBase64, 'base64').equals(pdf)).toBe(true);
    expect(signatures.signature_request).toEqual([expect.objectContaining({ id: signatureRequest.body.id, status: 'completed' })]);
    expect(signatures.request_signer).toEqual([expect.objectContaining({ user_id: person.body.id, status: 'signed' })]);
    const [{ current_document_id: signedId }] = signatures.request_document as Array<{ current_document_id: string }>;
    const signed = documents.find((document) => document.id === signedId)!;
    const signedBytes = Buffer.from(signed.contentBase64, 'base64');
    expect(signedBytes).toHaveLength(signed.byteSize);
    expect(signedBytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(signedBytes.toString('latin1')).toContain('/ByteRange');
    expect(parts['signatures.json'].data.person).toBeUndefined();

    await waitFor(
      'every part delivered',
      async () =>
        (
          await http()
            .get(requested.headers.location)
            .set('authorization', await provider())
            .expect(200)
        ).body.parts,
      (delivered: Array<{ delivered: boolean }>) => delivered.every((part) => part.delivered),
      { timeoutMs: 30_000 },
    );

    // The deletion: refused at once everywhere, erased everywhere in a moment.
    const deleted = await http()
      .delete(`/api/v1/tenants/${slug}`)
      .set('authorization', await provider())
      .expect(202);
    expect(deleted.body.slug).toBe(slug);
    await http().get(`/api/v1/tenants/${slug}/offices`).expect(404);
    await waitFor(
      'no row of the tenant in any database',
      () => rowsOf(slug),
      (rows) => Object.keys(rows).length === 0,
      {
        timeoutMs: 60_000,
      },
    );
    expect(await rowsOf('demo')).toEqual(demoBefore);
    // The provider's admin audit keeps who deleted the municipality (an entry of no tenant, so the erasure leaves it).
    const audit = await waitFor(
      'the deletion in the admin audit',
      async () =>
        (
          await http()
            .get('/api/v1/admin-audit?limit=200')
            .set('authorization', await provider())
            .expect(200)
        ).body.items as Array<{
          action: string;
          tenant: string | null;
          subject: { id: string };
          actor: { role: string; userId: string };
        }>,
      (items) => items.some((item) => item.action === 'tenant.deleted' && item.subject.id === slug),
      { timeoutMs: 30_000 },
    );
    expect(audit.find((item) => item.action === 'tenant.deleted' && item.subject.id === slug)).toMatchObject({
      tenant: null,
      actor: { role: 'provider-admin', userId: 'provider-1' },
    });
    for (const path of ['/signature-requests', '/notifications', '/devices']) {
      const refused = await http().get(`/api/v1/tenants/${slug}${path}`).set('authorization', admin);
      expect({ path, status: refused.status, code: refused.body.code }).toEqual({ path, status: 404, code: 'TENANT.NOT_FOUND' });
    }
    // The slug is retired for good.
    const again = await http()
      .post('/api/v1/tenants')
      .set('authorization', await provider())
      .send({ slug, name: 'Neu', federalState: 'NW' });
    expect(again.status).toBe(409);

    // A redelivered deletion and a replayed older registry record change nothing.
    const bus = composed.app.get<EventBus>(EVENT_BUS, { strict: false });
    const envelope = <T extends object>(type: string, data: T): CloudEvent<T> => ({
      id: newId(),
      source: '/amtsweg/appointments',
      type,
      specversion: '1.0',
      time: new Date().toISOString(),
      subject: slug,
      datacontenttype: 'application/json',
      tenantid: slug,
      correlationid: newId(),
      data,
    });
    await bus.publish([
      toBusRecord(TenantDeletedV1.topic, envelope(TenantDeletedV1.type, { slug, revision: 1000 })),
      toBusRecord(
        TenantUpdatedV1.topic,
        envelope(TenantUpdatedV1.type, {
          slug,
          name: 'Stadt Abschied',
          federalState: 'NW',
          timeZone: 'Europe/Berlin',
          suspended: false,
          revision: 99,
        }),
      ),
    ]);
    // A marker after them on the same topic: once it is known everywhere, the two before it were consumed.
    const marker = `marker-${Date.now().toString(36)}`;
    await http()
      .post('/api/v1/tenants')
      .set('authorization', await provider())
      .send({ slug: marker, name: 'Marker', federalState: 'NW' })
      .expect(201);
    const markerAdmin = await adminOf(marker);
    await waitFor(
      'the marker known everywhere',
      () =>
        Promise.all(
          ['/signature-requests', '/notifications', '/devices'].map(
            async (path) => (await http().get(`/api/v1/tenants/${marker}${path}`).set('authorization', markerAdmin)).status,
          ),
        ),
      (statuses) => statuses.every((status) => status === 200),
      { timeoutMs: 30_000 },
    );
    expect(await rowsOf(slug)).toEqual({});
    for (const path of ['/signature-requests', '/notifications', '/devices']) {
      expect((await http().get(`/api/v1/tenants/${slug}${path}`).set('authorization', admin)).status).toBe(404);
    }
  }, 240_000);
});
