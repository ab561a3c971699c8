import { Inject, Injectable, Logger } from '@nestjs/common';
import { dataSourceToken, DomainError, newId, type Principal, Clock } from '@amtsweg/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditTrail } from '../../audit/audit-trail';
import { UserDirectory, type DirectoryUser } from '../../directory/user-directory';
import { DocumentStore } from '../../documents/document-store';
import { PdfWork } from '../../pdf-work/pdf-work';
import { SignatureSettingsStore } from '../../settings/signature-settings';
import { SignaturesConfig } from '../../signatures.config';
import { RequestEvents } from '../request-events';
import type { RequestSigner, SignatureRequest } from '../signature-request';
import { SignatureRequestRepository, type RequestDocuments } from '../signature-request.repository';
import type { CreateRequestFields } from './create-request.request.dto';
import { parseSigningSteps } from './signing-steps';
import type { DocumentToSign } from './uploaded-pdf';

const HOUR_MS = 3_600_000;
const MAX_DUE_MS = 365 * 24 * HOUR_MS;

/** Everything a new request needs, already checked: from the API or from another service's event. */
export interface NewSignatureRequest {
  tenant: string;
  title: string;
  requester: { userId: string; email?: string };
  /** Resolved signers, step by step. */
  steps: DirectoryUser[][];
  dueAt: Date;
  document: DocumentToSign;
  /** Where `document` is stored already (`stageDocuments` or `storeDocuments`); the request names these. */
  stored: RequestDocuments;
  handoverId?: string;
  /** How the request came in, for the audit trail. */
  via: 'api' | 'devices.handover';
}

@Injectable()
export class CreateSignatureRequestHandler {
  private readonly logger = new Logger(CreateSignatureRequestHandler.name);

  constructor(
    @Inject(dataSourceToken('signatures')) private readonly dataSource: DataSource,
    private readonly requests: SignatureRequestRepository,
    private readonly audit: AuditTrail,
    private readonly events: RequestEvents,
    private readonly directory: UserDirectory,
    private readonly clock: Clock,
    private readonly config: SignaturesConfig,
    private readonly settings: SignatureSettingsStore,
    private readonly pdfWork: PdfWork,
    private readonly documents: DocumentStore,
  ) {}

  /**
   * The API's way in: every check (document, steps, signers, due date) before anything is
   * written. The two documents (up to 20 MB each) are then staged chunk by chunk, outside the
   * request's transaction, which stays short; a request that fails after that discards them —
   * bad input leaves nothing behind.
   */
  async fromUpload(principal: Principal, fields: CreateRequestFields, file: Buffer | undefined): Promise<SignatureRequest> {
    const document = await this.pdfWork.readDocumentToSign(file, await this.settings.read(principal.tenant));
    const steps = await this.resolveSigners(principal.tenant, parseSigningSteps(fields.steps));
    const dueAt = this.checkDueAt(new Date(fields.dueAt));
    const stored = await this.stageDocuments(principal.tenant, document);
    try {
      return await this.dataSource.transaction((manager) =>
        this.create(manager, {
          tenant: principal.tenant,
          title: fields.title.trim(),
          requester: { userId: principal.userId, email: principal.email },
          steps,
          dueAt,
          document,
          stored,
          via: 'api',
        }),
      );
    } catch (error) {
      await Promise.all([this.documents.discard(stored.originalId), this.documents.discard(stored.currentId)]);
      throw error;
    }
  }

  /** Inside the caller's transaction, for a document the service made itself (a handover protocol: small). */
  async storeDocuments(manager: EntityManager, tenant: string, document: DocumentToSign): Promise<RequestDocuments> {
    return {
      originalId: await this.documents.stageIn(manager, tenant, document.bytes),
      currentId: await this.documents.stageIn(manager, tenant, document.toSign.bytes),
    };
  }

  private async stageDocuments(tenant: string, document: DocumentToSign): Promise<RequestDocuments> {
    const originalId = await this.documents.stage(tenant, document.bytes);
    try {
      return { originalId, currentId: await this.documents.stage(tenant, document.toSign.bytes) };
    } catch (error) {
      await this.documents.discard(originalId);
      throw error;
    }
  }

  /** In the caller's transaction: the API's own, or the inbox transaction of a consumed event. */
  async create(manager: EntityManager, command: NewSignatureRequest): Promise<SignatureRequest> {
    const now = this.clock.now();
    const signers: RequestSigner[] = command.steps.flatMap((step, index) =>
      step.map((user, position) => ({
        userId: user.userId,
        email: user.email,
        name: user.name,
        step: index + 1,
        position,
        status: 'waiting' as const,
      })),
    );
    const remindAt =
      this.config.SIGNATURES_REMINDER_HOURS_BEFORE_DUE > 0
        ? new Date(command.dueAt.getTime() - this.config.SIGNATURES_REMINDER_HOURS_BEFORE_DUE * HOUR_MS)
        : undefined;
    const request: SignatureRequest = {
      id: newId(),
      tenant: command.tenant,
      title: command.title,
      requesterId: command.requester.userId,
      requesterEmail: command.requester.email,
      status: 'pending',
      currentStep: 1,
      stepCount: command.steps.length,
      dueAt: command.dueAt,
      // A reminder only makes sense if it comes after the request itself.
      remindAt: remindAt && remindAt > now ? remindAt : undefined,
      handoverId: command.handoverId,
      originalSha256: command.document.sha256,
      // What is stored to be signed: the original as prepared for signing (see prepareForSigning).
      documentSha256: command.document.toSign.sha256,
      signatureCount: 0,
      createdAt: now,
      updatedAt: now,
      signers,
    };
    await this.documents.attach(manager, command.stored.originalId);
    await this.documents.attach(manager, command.stored.currentId);
    await this.requests.insert(manager, request, command.stored);
    await this.audit.append(manager, request, 'created', request.requesterId, now, {
      via: command.via,
      title: request.title,
      originalSha256: request.originalSha256,
      // The first signature covers these bytes: the original rewritten once (same content).
      preparedSha256: command.document.toSign.sha256,
      pageCount: command.document.pageCount,
      dueAt: request.dueAt.toISOString(),
      steps: command.steps.map((step) => step.map((user) => user.userId)),
      ...(request.handoverId ? { handoverId: request.handoverId } : {}),
    });
    await this.audit.append(manager, request, 'step-started', 'system', now, { step: 1 });
    await this.events.created(manager, request);
    await this.events.stepStarted(manager, request, 1);
    this.logger.log(`request ${request.id} created (${signers.length} signer(s) in ${request.stepCount} step(s))`);
    return request;
  }

  /** Signers are users of the requester's tenant, each named once. */
  async resolveSigners(tenant: string, steps: string[][]): Promise<DirectoryUser[][]> {
    const seen = new Set<string>();
    const resolved: DirectoryUser[][] = [];
    for (const [stepIndex, step] of steps.entries()) {
      const users: DirectoryUser[] = [];
      for (const [signerIndex, idOrEmail] of step.entries()) {
        const where = `step ${stepIndex + 1}, signer ${signerIndex + 1}`;
        const user = await this.directory.find(tenant, idOrEmail);
        if (!user) {
          throw DomainError.unprocessable('SIGNATURE.UNKNOWN_SIGNER', `The ${where} is not a user of this municipality.`, [
            { field: 'steps', message: `${where}: unknown user` },
          ]);
        }
        if (seen.has(user.userId)) {
          throw DomainError.unprocessable('SIGNATURE.SIGNER_NAMED_TWICE', `The ${where} is named more than once; everybody signs once.`, [
            { field: 'steps', message: `${where}: named twice` },
          ]);
        }
        seen.add(user.userId);
        users.push(user);
      }
      resolved.push(users);
    }
    return resolved;
  }

  private checkDueAt(dueAt: Date): Date {
    const now = this.clock.now().getTime();
    if (dueAt.getTime() <= now)
      throw DomainError.unprocessable('SIGNATURE.DUE_DATE_PASSED', 'The due date must lie in the future.', [
        { field: 'dueAt', message: 'in the past' },
      ]);
    if (dueAt.getTime() - now > MAX_DUE_MS) {
      throw DomainError.unprocessable('SIGNATURE.DUE_DATE_TOO_FAR', 'The due date may lie at most a year ahead.', [
        { field: 'dueAt', message: 'more than a year ahead' },
      ]);
    }
    return dueAt;
  }
}
