import { eventingMigrations, knownTenantsMigrations, peopleProjectionMigration, tenantIdentityMigrations } from '@amtsweg/eventing';
import { CreateSignatures1796300000000 } from './1796300000000-create-signatures';
import { SignatureSettings1796400000000 } from './1796400000000-signature-settings';
import { DocumentChunks1796500000000 } from './1796500000000-document-chunks';
import { TenantCaHistory1796600000000 } from './1796600000000-tenant-ca-history';
import { SignerCertificateRevocation1796750000000 } from './1796750000000-signer-certificate-revocation';

/** The outbox and inbox first (ARCHITECTURE.md, "Events"), then the service's own tables. */
export const signaturesMigrations = [
  ...eventingMigrations('signatures'),
  CreateSignatures1796300000000,
  SignatureSettings1796400000000,
  DocumentChunks1796500000000,
  TenantCaHistory1796600000000,
  SignerCertificateRevocation1796750000000,
  // The copy of messaging's people directory (person.upserted / person.deactivated).
  peopleProjectionMigration('signatures'),
  ...knownTenantsMigrations('signatures'),
  // The municipalities' own issuers (tenant.identity-configured / -removed).
  ...tenantIdentityMigrations('signatures'),
];
