import { Inject, Injectable } from '@nestjs/common';
import { dataSourceToken, type Principal, Clock } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { AuditTrail } from '../../audit/audit-trail';
import { DocumentStore } from '../../documents/document-store';
import { requireVisibleRequest } from '../request-access';
import type { SignatureRequest } from '../signature-request';
import { SignatureRequestRepository } from '../signature-request.repository';

/**
 * The PDF with every signature made so far; each download is written into the audit trail. The
 * document is read after that transaction, chunk by chunk: a document never changes, and one a
 * signature replaces meanwhile stays readable for a grace period (DocumentStore).
 */
@Injectable()
export class DownloadDocumentHandler {
  constructor(
    @Inject(dataSourceToken('signatures')) private readonly dataSource: DataSource,
    private readonly requests: SignatureRequestRepository,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly documents: DocumentStore,
  ) {}

  async execute(principal: Principal, id: string): Promise<{ request: SignatureRequest; pdf: Buffer }> {
    const { request, documentId } = await this.dataSource.transaction(async (manager) => {
      const request = await requireVisibleRequest(this.requests, manager, principal, id, { forUpdate: true });
      const { currentId } = await this.requests.documents(manager, request.id);
      await this.audit.append(manager, request, 'downloaded', principal.userId, this.clock.now(), {
        what: 'document',
        documentSha256: request.documentSha256,
        signatureCount: request.signatureCount,
      });
      return { request, documentId: currentId };
    });
    return { request, pdf: await this.documents.read(documentId) };
  }
}
