import type { ServiceTestApp } from '@amtsweg/platform/testing';
import type { Test } from 'supertest';

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
