import { erasedTenantsMigration, eventingMigrations, tenantIdentityMigrations } from '@amtsweg/eventing';
import { dataSourceToken, type ServiceDatabase } from '@amtsweg/platform';
import { BookingEntity } from './booking/booking.entity';
import { AppointmentsSchema1764400000000 } from './migrations/1764400000000-appointments-schema';
import { FairBooking1764500000000 } from './migrations/1764500000000-fair-booking';
import { ReleaseDraw1764600000000 } from './migrations/1764600000000-release-draw';
import { BotResistance1764700000000 } from './migrations/1764700000000-bot-resistance';
import { CitizenDataErasure1764800000000 } from './migrations/1764800000000-citizen-data-erasure';
import { AdminAudit1796710000000 } from './migrations/1796710000000-admin-audit';
import { TenantRegistry1797000000001 } from './migrations/1797000000001-tenant-registry';
import { OfficeAdministration1797100000001 } from './migrations/1797100000001-office-administration';
import { OffBoarding1796720000000 } from './migrations/1796720000000-off-boarding';
import { TenantPersonKey1796780000000 } from './migrations/1796780000000-tenant-person-key';
import {
  ClosureEntity,
  CounterEntity,
  OfficeEntity,
  OpeningIntervalEntity,
  ServiceEntity,
  ServiceOfficeEntity,
} from './office/office.entity';
import { TenantEntity } from './tenancy/tenant.entity';

export const APPOINTMENTS = 'appointments';

/** Inject with `@Inject(APPOINTMENTS_DATA_SOURCE)`. */
export const APPOINTMENTS_DATA_SOURCE = dataSourceToken(APPOINTMENTS);

/** The service's own data: schema `appointments`, its outbox and inbox first. */
export const appointmentsDatabase: ServiceDatabase = {
  service: APPOINTMENTS,
  entities: [
    TenantEntity,
    OfficeEntity,
    OpeningIntervalEntity,
    ClosureEntity,
    CounterEntity,
    ServiceEntity,
    ServiceOfficeEntity,
    BookingEntity,
  ],
  migrations: [
    ...eventingMigrations(APPOINTMENTS),
    AppointmentsSchema1764400000000,
    FairBooking1764500000000,
    ReleaseDraw1764600000000,
    BotResistance1764700000000,
    CitizenDataErasure1764800000000,
    TenantRegistry1797000000001,
    OfficeAdministration1797100000001,
    AdminAudit1796710000000,
    OffBoarding1796720000000,
    // The slugs of off-boarded tenants, never served or created again (as in every service).
    erasedTenantsMigration(APPOINTMENTS),
    // The municipalities' own issuers (messaging's `tenant-identity` events), and the people's address keys to sign them in.
    ...tenantIdentityMigrations(APPOINTMENTS),
    TenantPersonKey1796780000000,
  ],
};
