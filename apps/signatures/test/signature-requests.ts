import type { ServiceTestApp } from '@amtsweg/platform/testing';
import type { Test } from 'supertest';
import { binary } from './http-binary';

export interface NewSignatureRequest {
  title: string;
  /** Each step's signers (user ids or demo e-mail addresses), in order. */
  steps: string[][];
  dueAt: string;
  pdf: Buffer;
  filename: string;
}

/** Uploads a PDF for signature in the tenant `demo`, as the web client sends it (multipart); the caller expects the answer. */
export function uploadForSignature(http: ServiceTestApp['http'], headers: Record<string, string>, request: NewSignatureRequest): Test {
  return http()
    .post('/api/v1/tenants/demo/signature-requests')
    .set(headers)
    .field('title', request.title)
    .field('steps', JSON.stringify(request.steps))
    .field('dueAt', request.dueAt)
    .attach('file', request.pdf, { filename: request.filename, contentType: 'application/pdf' });
}

/**
 * `requester` asks `signer` alone to sign `pdf` in `demo`, `signer` signs (with `signBody`, their second factor),
 * and the requester downloads the signed document: what a recipient later holds.
 */
export async function signedByOne(
  t: ServiceTestApp,
  people: { requester: string; signer: string; signBody: (email: string) => Promise<object> },
  document: { title: string; pdf: Buffer },
): Promise<Buffer> {
  const created = await uploadForSignature(
    t.http,
    { Authorization: await t.bearer(people.requester) },
    {
      title: document.title,
      steps: [[people.signer]],
      dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      pdf: document.pdf,
      filename: 'x.pdf',
    },
  ).expect(201);
  const id = created.body.id as string;
  await t
    .http()
    .post(`/api/v1/tenants/demo/signature-requests/${id}/sign`)
    .set({ Authorization: await t.bearer(people.signer) })
    .send(await people.signBody(people.signer))
    .expect(200);
  const download = await t
    .http()
    .get(`/api/v1/tenants/demo/signature-requests/${id}/document`)
    .set({ Authorization: await t.bearer(people.requester) })
    .buffer(true)
    .parse(binary)
    .expect(200);
  return download.body as Buffer;
}
