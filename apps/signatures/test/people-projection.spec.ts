import { PersonDeactivatedV1, PersonUpsertedV1 } from '@amtsweg/contracts';
import { newId } from '@amtsweg/platform';
import { signaturesProcess } from '../src/signatures.process';
import { outboxEvents, startSignaturesApp, type SignaturesTestApp } from './signatures-app';
import { samplePdf } from './signing-fixtures';

const STAFF = 'staff@demo.example';

/** As messaging publishes it: the whole record, on `messaging.person`, keyed by the person. */
function personEvent(
  contract: typeof PersonUpsertedV1 | typeof PersonDeactivatedV1,
  person: { id: string; email: string; active: boolean },
) {
  return {
    type: contract.type,
    topic: contract.topic,
    source: '/amtsweg/messaging',
    subject: person.id,
    tenant: 'demo',
    data: {
      tenant: 'demo',
      personId: person.id,
      email: person.email,
      name: 'Petra Projektion',
      roles: ['staff', 'clerk'],
      active: person.active,
    },
  };
}

describe('signatures knows the people from the directory events (embedded database)', () => {
  let t: SignaturesTestApp;
  let pdf: Buffer;

  beforeAll(async () => {
    t = await startSignaturesApp();
    pdf = await samplePdf(1);
  }, 60_000);
  afterAll(() => t?.close());

  const deliver = (...events: ReturnType<typeof personEvent>[]) => signaturesProcess.deliver!(t.app, events);
  const createRequest = async (signer: string, later: string[][] = []) =>
    t
      .http()
      .post('/api/v1/tenants/demo/signature-requests')
      .set({ Authorization: await t.bearer(STAFF) })
      .field('title', 'Vertrag')
      .field('steps', JSON.stringify([[signer], ...later]))
      .field('dueAt', new Date(Date.now() + 3 * 86_400_000).toISOString())
      .attach('file', pdf, { filename: 'v.pdf', contentType: 'application/pdf' });

  it('lets a person of the directory be named as a signer, and no longer once deactivated; their tokens are refused at once', async () => {
    const person = { id: newId(), email: 'petra@demo.example', active: true };
    expect((await createRequest(person.email)).body.code).toBe('SIGNATURE.UNKNOWN_SIGNER');
    await deliver(personEvent(PersonUpsertedV1, person));
    expect((await createRequest('Petra@demo.example')).status).toBe(201);
    const token = await t.token({ tenant: 'demo', roles: ['staff', 'clerk'], sub: person.id, email: person.email });
    await t
      .http()
      .get('/api/v1/tenants/demo/signature-requests?as=signer')
      .set({ Authorization: `Bearer ${token}` })
      .expect(200);

    await deliver(personEvent(PersonDeactivatedV1, { ...person, active: false }));
    const refused = await createRequest(person.email);
    expect([refused.status, refused.body.code]).toEqual([422, 'SIGNATURE.UNKNOWN_SIGNER']);
    expect((await createRequest(person.id)).body.code).toBe('SIGNATURE.UNKNOWN_SIGNER');
    const unauthorized = await t
      .http()
      .get('/api/v1/tenants/demo/signature-requests?as=signer')
      .set({ Authorization: `Bearer ${token}` })
      .expect(401);
    expect(unauthorized.body.code).toBe('AUTH.PERSON_DEACTIVATED');
  });

  it('tells the requester of each open request waiting for a person who is deactivated (now or in a later step), once', async () => {
    const person = { id: newId(), email: 'paul@demo.example', active: true };
    await deliver(personEvent(PersonUpsertedV1, person));
    const created = await createRequest(person.id);
    const later = await createRequest('clerk@demo.example', [[person.id]]);
    expect([created.status, later.status]).toEqual([201, 201]);
    const requestId = created.body.id as string;

    await deliver(personEvent(PersonDeactivatedV1, { ...person, active: false }));
    await deliver(personEvent(PersonDeactivatedV1, { ...person, active: false }));
    const toldOf = async (id: string) =>
      (await outboxEvents(t.dataSource, id)).filter((event) => event.type.endsWith('.signer-deactivated.v1'));
    const told = await toldOf(requestId);
    expect(told).toHaveLength(1);
    expect(told[0].data).toMatchObject({ requestId, requesterId: t.userId(STAFF), step: 1, signers: [{ userId: person.id }] });
    expect((await toldOf(later.body.id)).map((event) => event.data.step)).toEqual([2]);
    // Ids only on signatures.request, as ever: the name stays in the directory.
    expect(told[0].raw).not.toContain('Petra Projektion');
    expect(told[0].raw).not.toContain(person.email);
  });
});
