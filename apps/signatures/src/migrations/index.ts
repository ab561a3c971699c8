import { eventingMigrations } from '@amtsweg/eventing';
import { CreateSignatures1796300000000 } from './1796300000000-create-signatures';

/** The outbox and inbox first (ARCHITECTURE.md, "Events"), then the service's own tables. */
export const signaturesMigrations = [...eventingMigrations('signatures'), CreateSignatures1796300000000];
