import { eventingMigrations, knownTenantsMigrations, peopleProjectionMigration, tenantIdentityMigrations } from '@amtsweg/eventing';
import { CreateInventory1796400000000 } from './1796400000000-create-inventory';
import { CreateRequests1796400100000 } from './1796400100000-create-requests';
import { CreateProvisioning1796400200000 } from './1796400200000-create-provisioning';
import { CreateProvisioningBatches1796400300000 } from './1796400300000-create-provisioning-batches';
import { CreateDeviceReturns1796400400000 } from './1796400400000-create-device-returns';
import { CreateDeviceSettings1796400500000 } from './1796400500000-create-device-settings';
import { AllowLostAndInRepair1796400600000 } from './1796400600000-allow-lost-and-in-repair';
import { DropRequestRequesterEmail1796400700000 } from './1796400700000-drop-request-requester-email';

/** The outbox and inbox first (ARCHITECTURE.md, "Events"), then the service's own tables. */
export const devicesMigrations = [
  ...eventingMigrations('devices'),
  CreateInventory1796400000000,
  CreateRequests1796400100000,
  CreateProvisioning1796400200000,
  CreateProvisioningBatches1796400300000,
  CreateDeviceReturns1796400400000,
  CreateDeviceSettings1796400500000,
  AllowLostAndInRepair1796400600000,
  DropRequestRequesterEmail1796400700000,
  // The copy of messaging's people directory (person.upserted / person.deactivated).
  peopleProjectionMigration('devices'),
  ...knownTenantsMigrations('devices'),
  // The municipalities' own issuers (tenant.identity-configured / -removed).
  ...tenantIdentityMigrations('devices'),
];
