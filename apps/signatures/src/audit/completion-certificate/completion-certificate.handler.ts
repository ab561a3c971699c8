import { Inject, Injectable } from '@nestjs/common';
import { dataSourceToken, DomainError, type Principal, Clock, PlatformConfig } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { UserDirectory } from '../../directory/user-directory';
import { SigningKeys } from '../../keys/signing-keys';
import { requireVisibleRequest } from '../../request/request-access';
import type { SignatureRequest } from '../../request/signature-request';
import { SignatureRequestRepository } from '../../request/signature-request.repository';
import { verifyAuditChain } from '../audit-chain';
import { AuditTrail } from '../audit-trail';
import { completionCertificate } from './completion-certificate';

@Injectable()
export class CompletionCertificateHandler {
  constructor(
    @Inject(dataSourceToken('signatures')) private readonly dataSource: DataSource,
    private readonly requests: SignatureRequestRepository,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly directory: UserDirectory,
    private readonly keys: SigningKeys,
    private readonly config: PlatformConfig,
  ) {}

  async execute(principal: Principal, id: string): Promise<{ request: SignatureRequest; pdf: Buffer }> {
    const now = this.clock.now();
    const { request, trail } = await this.dataSource.transaction(async (manager) => {
      const request = await requireVisibleRequest(this.requests, manager, principal, id, { forUpdate: true });
      if (request.status !== 'completed') {
        throw DomainError.conflict(
          'SIGNATURE.REQUEST_NOT_COMPLETED',
          `The request is ${request.status}: a completion certificate exists only once every signer has signed.`,
        );
      }
      const trail = await this.audit.entries(manager, request.tenant, request.id);
      await this.audit.append(manager, request, 'downloaded', principal.userId, now, { what: 'certificate' });
      return { request, trail };
    });
    // The requester may have been deactivated since: the certificate still names them.
    const requester = await this.directory.named(request.tenant, request.requesterId);
    const signerCertificates = request.signers.flatMap((signer) => (signer.certificateSha256 ? [signer.certificateSha256] : []));
    const trust = {
      caSha256s: await this.keys.issuingCas(request.tenant, signerCertificates),
      publishedAt: `${this.config.publicUrl}/api/v1/tenants/${request.tenant}/signatures/cas`,
    };
    return { request, pdf: await completionCertificate(request, trail, verifyAuditChain(trail), now, trust, requester?.name) };
  }
}
