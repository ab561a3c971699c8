import { TenantCreatedV1, TenantDeletedV1, TenantUpdatedV1 } from '@amtsweg/contracts';
import { KnownTenants, ReadinessRegistry, TenantAnnouncer } from '@amtsweg/platform';
import { Controller, Inject, Module, type DynamicModule, type Type } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { DataSource } from 'typeorm';
import { EVENT_BUS, type EventBus } from '../bus/event-bus';
import type { EventContext } from '../transport/event-context';
import { BusTenantAnnouncer } from './bus-tenant-announcer';
import { KnownTenantsProjection } from './known-tenants.projection';
import { TenantRegistryReadiness } from './known-tenants.readiness';
import { TenantErasure } from '../offboarding/tenant-erasure';

export interface KnownTenantsOptions {
  /** The consuming service: its schema holds `known_tenant`. */
  service: string;
  /** The service's consumer transport (`@EventPattern(type, transportId)`). */
  transportId: symbol;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  dataSourceToken: string | symbol | Function;
}

const KNOWN_TENANTS_SERVICE = Symbol('KNOWN_TENANTS_SERVICE');
const TENANT_REGISTRY_READINESS = Symbol('TENANT_REGISTRY_READINESS');

/** One consumer class per service: two services in one process each serve their own from their own transport. */
function knownTenantsConsumer(transportId: symbol): Type {
  @Controller()
  class KnownTenantsConsumer {
    constructor(
      @Inject(KnownTenantsProjection) private readonly projection: KnownTenantsProjection,
      @Inject(TenantErasure) private readonly erasure: TenantErasure,
    ) {}

    @EventPattern<string>(TenantCreatedV1.type, transportId)
    async onCreated(@Payload() event: TenantCreatedV1, @Ctx() context: EventContext): Promise<void> {
      await this.projection.apply(context.manager, event, new Date(context.envelope.time));
    }

    @EventPattern<string>(TenantUpdatedV1.type, transportId)
    async onUpdated(@Payload() event: TenantUpdatedV1, @Ctx() context: EventContext): Promise<void> {
      await this.projection.apply(context.manager, event, new Date(context.envelope.time));
    }

    /** Off-boarded: refused from this commit on; its rows go in the erasure's rounds, after the commit. */
    @EventPattern<string>(TenantDeletedV1.type, transportId)
    async onDeleted(@Payload() event: TenantDeletedV1, @Ctx() context: EventContext): Promise<void> {
      await this.erasure.request(context.manager, event.slug, event.revision, new Date(context.envelope.time));
      await this.projection.forget(context.manager, event.slug);
    }
  }
  return KnownTenantsConsumer;
}

/**
 * A service that does not own the tenant registry keeps a projection of it (`known_tenant` in its
 * schema, `knownTenantsMigrations`) and refuses an unknown or suspended tenant on every route with
 * `KnownTenantsGuard` from @amtsweg/platform. Exports `KnownTenants`, and `TenantAnnouncer` for a
 * process that runs without appointments (the services' test apps announce the demo tenants).
 * `/health/ready` answers 503 until the projection has read what the registry's topic held at start
 * (`TenantRegistryReadiness`, in the service's consumer group).
 */
@Module({})
export class KnownTenantsModule {
  static forService(options: KnownTenantsOptions): DynamicModule {
    return {
      module: KnownTenantsModule,
      controllers: [knownTenantsConsumer(options.transportId)],
      providers: [
        // The service is part of the module's identity, so two services' modules in one process never merge.
        { provide: KNOWN_TENANTS_SERVICE, useValue: options.service },
        {
          provide: KnownTenantsProjection,
          useFactory: (dataSource: DataSource) => new KnownTenantsProjection(dataSource, options.service),
          inject: [options.dataSourceToken],
        },
        { provide: KnownTenants, useExisting: KnownTenantsProjection },
        {
          provide: TenantErasure,
          useFactory: (dataSource: DataSource) => new TenantErasure(dataSource, options.service),
          inject: [options.dataSourceToken],
        },
        {
          provide: TenantAnnouncer,
          useFactory: (bus: EventBus, projection: KnownTenantsProjection) => new BusTenantAnnouncer(bus, projection),
          inject: [EVENT_BUS, KnownTenantsProjection],
        },
        {
          provide: TENANT_REGISTRY_READINESS,
          useFactory: (bus: EventBus, readiness?: ReadinessRegistry) => {
            // The consumer's group is the service (EventConsumerServer); the end offsets are noted now, at start.
            const check = new TenantRegistryReadiness(bus, options.service, TenantCreatedV1.topic);
            void check.start();
            readiness?.register(check);
            return check;
          },
          inject: [EVENT_BUS, { token: ReadinessRegistry, optional: true }],
        },
      ],
      exports: [KnownTenants, KnownTenantsProjection, TenantAnnouncer, TenantErasure],
    };
  }
}
