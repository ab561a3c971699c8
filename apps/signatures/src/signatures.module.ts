import { Module } from '@nestjs/common';
import { SignaturesExportPartDeliveredV1 } from '@amtsweg/contracts';
import { EventingModule, KnownTenantsModule, TenantIdentityModule, tenantExportPartController } from '@amtsweg/eventing';
import { DocumentExport } from './documents/document-export';
import { SIGNATURES_TRANSPORT } from './signatures.transport';
import { AddressRateLimit, AuthGuard, dataSourceToken, PlatformConfig, ServiceDatabaseModule, Clock, SystemClock } from '@amtsweg/platform';
import { CompletionCertificateHandler } from './audit/completion-certificate/completion-certificate.handler';
import { CompletionCertificateHttpController } from './audit/completion-certificate/completion-certificate.http.controller';
import { AuditTrail } from './audit/audit-trail';
import { TenantAuditTrail } from './audit/tenant-audit-trail';
import { GetAuditHandler } from './audit/get-audit/get-audit.handler';
import { GetAuditHttpController } from './audit/get-audit/get-audit.http.controller';
import { ProjectedUserDirectory, SignaturesPeople, UserDirectory } from './directory/user-directory';
import { PersonProjectionConsumer } from './people/person-projection.consumer';
import { HandoverRequestedConsumer } from './handover/handover-requested.consumer';
import { KeyEncryption } from './keys/key-encryption';
import { SigningKeys } from './keys/signing-keys';
import { DOCUMENT_SIGNER } from './pades/document-signer';
import { LocalDocumentSigner } from './pades/local-document-signer';
import { PdfWork } from './pdf-work/pdf-work';
import { PdfWorkerPool } from './pdf-work/pdf-worker-pool';
import { CreateSignatureRequestHandler } from './request/create-request/create-request.handler';
import { CreateRequestHttpController } from './request/create-request/create-request.http.controller';
import { DownloadDocumentHandler } from './request/download-document/download-document.handler';
import { DownloadDocumentHttpController } from './request/download-document/download-document.http.controller';
import { GetRequestHandler } from './request/get-request/get-request.handler';
import { GetRequestHttpController } from './request/get-request/get-request.http.controller';
import { ListRequestsHandler } from './request/list-requests/list-requests.handler';
import { ListRequestsHttpController } from './request/list-requests/list-requests.http.controller';
import { RejectRequestHandler } from './request/reject-request/reject-request.handler';
import { RejectRequestHttpController } from './request/reject-request/reject-request.http.controller';
import { RequestEvents } from './request/request-events';
import { SignRequestHandler } from './request/sign-request/sign-request.handler';
import { SignRequestHttpController } from './request/sign-request/sign-request.http.controller';
import { SignatureRequestRepository } from './request/signature-request.repository';
import { WithdrawRequestHandler } from './request/withdraw-request/withdraw-request.handler';
import { WithdrawRequestHttpController } from './request/withdraw-request/withdraw-request.http.controller';
import { DocumentStore } from './documents/document-store';
import { ExpiredDocumentsScheduler } from './documents/expired-documents.scheduler';
import { DueRequests } from './schedule/due-requests';
import { DueRequestsScheduler } from './schedule/due-requests.scheduler';
import { SignatureSettingsStore } from './settings/signature-settings';
import { SignatureSettingsHttpController } from './settings/signature-settings.http.controller';
import { SigningFactorHttpController } from './signing-factor/signing-factor.http.controller';
import { ResetSigningFactorHandler } from './signing-factor/reset-signing-factor.handler';
import { SigningFactors } from './signing-factor/signing-factors';
import { loadSignaturesConfig, SignaturesConfig } from './signatures.config';
import { signaturesDatabase } from './signatures.database';
import { VerifySignaturesHandler } from './verify/verify-signatures/verify-signatures.handler';
import { PublicVerificationGuard } from './verify/verify-signatures/public-verification.guard';
import { VerifySignaturesHttpController } from './verify/verify-signatures/verify-signatures.http.controller';
import { CertificateRevocations } from './revocation/certificate-revocations';
import { RevocationEndpointsOf } from './revocation/revocation-endpoints';
import { RevocationHttpController } from './revocation/revocation.http.controller';
import { PublishedCaHttpController } from './keys/published-ca/published-ca.http.controller';

/**
 * Signatures: requests that staff and clerks sign with PAdES signatures from their tenant's CA,
 * the inbox, second factor, audit chain, verification, the due-date scheduler, and the device
 * handover consumer.
 *
 * Needs, from the process: PlatformModule (config, token verifier, embedded database) and
 * EventingModule.forRoot (the event bus); and before start `connectSignaturesConsumer(app)` —
 * `signaturesUnit` (signatures.process.ts) does both for `eventDrivenProcess`.
 */
@Module({
  imports: [
    ServiceDatabaseModule.forService(signaturesDatabase),
    EventingModule.forService({ service: 'signatures', dataSourceToken: dataSourceToken('signatures') }),
    KnownTenantsModule.forService({
      service: 'signatures',
      transportId: SIGNATURES_TRANSPORT,
      dataSourceToken: dataSourceToken('signatures'),
    }),
    TenantIdentityModule.forService({
      service: 'signatures',
      transportId: SIGNATURES_TRANSPORT,
      dataSourceToken: dataSourceToken('signatures'),
    }),
  ],
  controllers: [
    // Off-boarding: its part of an export, the documents included (its copy of the directory is messaging's data).
    tenantExportPartController({
      service: 'signatures',
      contract: SignaturesExportPartDeliveredV1,
      dataSourceToken: dataSourceToken('signatures'),
      omitTables: ['person'],
      extras: DocumentExport,
    }),
    PersonProjectionConsumer,
    CreateRequestHttpController,
    ListRequestsHttpController,
    GetRequestHttpController,
    DownloadDocumentHttpController,
    SignRequestHttpController,
    RejectRequestHttpController,
    WithdrawRequestHttpController,
    GetAuditHttpController,
    CompletionCertificateHttpController,
    VerifySignaturesHttpController,
    PublishedCaHttpController,
    RevocationHttpController,
    SigningFactorHttpController,
    SignatureSettingsHttpController,
    HandoverRequestedConsumer,
  ],
  providers: [
    DocumentExport,
    { provide: SignaturesConfig, inject: [PlatformConfig], useFactory: (platform: PlatformConfig) => loadSignaturesConfig(platform) },
    {
      provide: KeyEncryption,
      inject: [SignaturesConfig, PlatformConfig],
      useFactory: (config: SignaturesConfig, platform: PlatformConfig) => KeyEncryption.fromConfig(config, platform),
    },
    { provide: Clock, useClass: SystemClock },
    SignaturesPeople,
    { provide: UserDirectory, useClass: ProjectedUserDirectory },
    { provide: DOCUMENT_SIGNER, useClass: LocalDocumentSigner },
    { provide: PdfWork, useClass: PdfWorkerPool },
    SigningKeys,
    {
      provide: RevocationEndpointsOf,
      inject: [PlatformConfig],
      useFactory: (platform: PlatformConfig) => new RevocationEndpointsOf(platform.publicUrl),
    },
    CertificateRevocations,
    SignatureRequestRepository,
    AuditTrail,
    TenantAuditTrail,
    SignatureSettingsStore,
    RequestEvents,
    SigningFactors,
    ResetSigningFactorHandler,
    CreateSignatureRequestHandler,
    ListRequestsHandler,
    GetRequestHandler,
    DownloadDocumentHandler,
    SignRequestHandler,
    RejectRequestHandler,
    WithdrawRequestHandler,
    GetAuditHandler,
    CompletionCertificateHandler,
    VerifySignaturesHandler,
    DueRequests,
    DueRequestsScheduler,
    DocumentStore,
    ExpiredDocumentsScheduler,
    AuthGuard,
    AddressRateLimit,
    PublicVerificationGuard,
  ],
})
export class SignaturesModule {}
