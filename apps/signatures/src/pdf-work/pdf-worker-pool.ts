import type { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { NamedHandover } from '../handover/handover-protocol';
import { DomainError, workerScript } from '@amtsweg/platform';
import { Piscina } from 'piscina';
import type { SigningCredential } from '../keys/signing-credential';
import type { SignatureDetails } from '../pades/pades-document';
import type { DocumentVerification } from '../pades/document-verification';
import type { ActiveContentPolicy, DocumentToSign, UploadedPdf } from '../request/create-request/uploaded-pdf';
import { SignaturesConfig } from '../signatures.config';
import { asBuffer, type Outcome } from './pdf-job';
import { PdfWork } from './pdf-work';
import type { PdfJobName, PdfJobs } from './pdf-work.worker';

type JobInput<Name extends PdfJobName> = Parameters<PdfJobs[Name]>[0];
type JobResult<Name extends PdfJobName> = Awaited<ReturnType<PdfJobs[Name]>> extends Outcome<infer Value> ? Value : never;

/** A busy answer says when to come back: about the time a large document takes. */
const BUSY_RETRY_AFTER_SECONDS = 10;
/** Threads stop after this long without work: an idle service holds no parser memory. */
const IDLE_WORKER_MS = 60_000;
/**
 * The workers run at a lower CPU priority (nice +10, through piscina's optional @napi-rs/nice;
 * without it they run at normal priority): on a busy machine a worker crunching a large document
 * would otherwise take CPU time from the event loop, which answers every other request.
 */
const WORKER_NICE_INCREMENT = 10;

/**
 * `PdfWork` on a piscina pool of `SIGNATURES_PDF_WORKERS` threads. At most that many jobs run and
 * `SIGNATURES_PDF_QUEUE_MAX` wait; one more is refused with 503 `SERVICE.BUSY` at once, instead of
 * queueing documents (and their memory) without bound. Closing the application lets the running
 * and queued jobs finish, then stops the threads.
 */
@Injectable()
export class PdfWorkerPool extends PdfWork implements OnApplicationShutdown {
  private readonly pool: Piscina;
  private readonly capacity: number;
  private inWork = 0;

  constructor(config: SignaturesConfig) {
    super();
    const workers = config.SIGNATURES_PDF_WORKERS;
    this.capacity = workers + config.SIGNATURES_PDF_QUEUE_MAX;
    // Threads start with the first job, so a process (or a test) that reads no PDF starts none.
    this.pool = new Piscina({
      ...workerScript(join(__dirname, 'pdf-work.worker')),
      minThreads: 0,
      maxThreads: workers,
      idleTimeout: IDLE_WORKER_MS,
      niceIncrement: WORKER_NICE_INCREMENT,
    });
  }

  async readUploadedPdf(bytes: Buffer | undefined, field?: string): Promise<UploadedPdf> {
    const read = await this.run('readUploadedPdf', { bytes, field });
    // Without bytes the job has thrown the problem.
    return { bytes: bytes as Buffer, ...read };
  }

  async readDocumentToSign(bytes: Buffer | undefined, policy: ActiveContentPolicy): Promise<DocumentToSign> {
    const { toSign, ...read } = await this.run('readDocumentToSign', { bytes, policy });
    return { bytes: bytes as Buffer, ...read, toSign: { bytes: asBuffer(toSign.bytes), sha256: toSign.sha256 } };
  }

  verifyDocument(pdf: Buffer, trustedCas: readonly X509Certificate[]): Promise<DocumentVerification> {
    return this.run('verifyDocument', { pdf, trustedCasDer: trustedCas.map((ca) => ca.raw) });
  }

  async addPadesSignature(
    pdf: Buffer,
    { privateKey, certificateDer, chainDer }: SigningCredential,
    details: SignatureDetails,
  ): Promise<Buffer> {
    return asBuffer(await this.run('addPadesSignature', { pdf, credential: { privateKey, certificateDer, chainDer }, details }));
  }

  async handoverProtocol(event: NamedHandover, date: Date): Promise<Buffer> {
    return asBuffer(await this.run('handoverProtocol', { event, date }));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.close();
  }

  private async run<Name extends PdfJobName>(name: Name, input: JobInput<Name>): Promise<JobResult<Name>> {
    if (this.inWork >= this.capacity) {
      throw new DomainError(
        503,
        'SERVICE.BUSY',
        'Too many documents are being processed right now; send this one again shortly.',
        undefined,
        {
          'Retry-After': String(BUSY_RETRY_AFTER_SECONDS),
        },
      );
    }
    this.inWork++;
    try {
      const { value, problem } = (await this.pool.run({ name, input })) as Outcome<JobResult<Name>>;
      if (problem) throw new DomainError(problem.status, problem.code, problem.detail, problem.errors, problem.headers, problem.extensions);
      return value as JobResult<Name>;
    } finally {
      this.inWork--;
    }
  }
}
