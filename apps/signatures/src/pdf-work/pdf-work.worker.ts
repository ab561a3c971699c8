/**
 * The PDF jobs as a worker thread of `PdfWorkerPool` runs them: each takes what can cross between
 * threads (bytes, strings, dates, a KeyObject), calls the pure function that does the work and
 * answers its outcome. A `DomainError` goes back as its fields — an error crossing threads keeps
 * only its message — so the caller throws the same problem the function would have thrown.
 */
import { X509Certificate } from 'node:crypto';
import { DomainError } from '@amtsweg/platform';
import { handoverProtocol as writeHandoverProtocol, type NamedHandover } from '../handover/handover-protocol';
import { certificateFromDer } from '../keys/certificates';
import { addPadesSignature as sign, type SignatureDetails } from '../pades/pades-document';
import { verifyDocument as verify, type DocumentVerification } from '../pades/document-verification';
import {
  readDocumentToSign as readToSign,
  readUploadedPdf as read,
  type ActiveContentPolicy,
} from '../request/create-request/uploaded-pdf';
import { asBuffer, type CredentialOnTheWire, type Outcome } from './pdf-job';

function readUploadedPdf(job: { bytes?: Uint8Array; field?: string }): Promise<Outcome<{ sha256: string; pageCount: number }>> {
  return outcome(async () => {
    // The bytes stay with the caller: only what was learnt about them travels back.
    const { sha256, pageCount } = await read(job.bytes && asBuffer(job.bytes), job.field);
    return { sha256, pageCount };
  });
}

function readDocumentToSign(job: {
  bytes?: Uint8Array;
  policy: ActiveContentPolicy;
}): Promise<Outcome<{ sha256: string; pageCount: number; toSign: { bytes: Uint8Array; sha256: string } }>> {
  return outcome(async () => {
    const { sha256, pageCount, toSign } = await readToSign(job.bytes && asBuffer(job.bytes), job.policy);
    return { sha256, pageCount, toSign };
  });
}

function verifyDocument(job: { pdf: Uint8Array; trustedCasDer: Uint8Array[] }): Promise<Outcome<DocumentVerification>> {
  return outcome(async () =>
    verify(
      asBuffer(job.pdf),
      job.trustedCasDer.map((der) => new X509Certificate(der)),
    ),
  );
}

function addPadesSignature(job: {
  pdf: Uint8Array;
  credential: CredentialOnTheWire;
  details: SignatureDetails;
}): Promise<Outcome<Uint8Array>> {
  const { privateKey, certificateDer, chainDer } = job.credential;
  const certificate = asBuffer(certificateDer);
  const credential = {
    privateKey,
    certificate: certificateFromDer(certificate),
    certificateDer: certificate,
    chainDer: chainDer.map(asBuffer),
  };
  return outcome(() => sign(asBuffer(job.pdf), credential, job.details));
}

function handoverProtocol(job: { event: NamedHandover; date: Date }): Promise<Outcome<Uint8Array>> {
  return outcome(() => writeHandoverProtocol(job.event, job.date));
}

const jobs = { readUploadedPdf, readDocumentToSign, verifyDocument, addPadesSignature, handoverProtocol };

export type PdfJobs = typeof jobs;
export type PdfJobName = keyof PdfJobs;

/** What piscina calls with each task (a module's default export is its handler). */
export default function runPdfJob<Name extends PdfJobName>({
  name,
  input,
}: {
  name: Name;
  input: Parameters<PdfJobs[Name]>[0];
}): ReturnType<PdfJobs[Name]> {
  return (jobs[name] as (input: Parameters<PdfJobs[Name]>[0]) => ReturnType<PdfJobs[Name]>)(input);
}

async function outcome<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { value: await work() };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return {
      problem: {
        status: error.status,
        code: error.code,
        detail: error.message,
        errors: error.errors,
        headers: error.headers,
        extensions: error.extensions,
      },
    };
  }
}
