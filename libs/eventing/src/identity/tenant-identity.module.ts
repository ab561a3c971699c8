import { TenantIdentityConfiguredV1, TenantIdentityRemovedV1 } from '@amtsweg/contracts';
import { TenantSignIn } from '@amtsweg/platform';
import { Controller, Inject, Injectable, Module, type DynamicModule, type OnModuleInit, type Type } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { DataSource } from 'typeorm';
import type { EventContext } from '../transport/event-context';
import { TenantIdentityProjection } from './tenant-identity.projection';

export interface TenantIdentityOptions {
  /** The consuming service: its schema holds `tenant_identity` (`tenantIdentityMigrations`). */
  service: string;
  /** The service's consumer transport (`@EventPattern(type, transportId)`). */
  transportId: symbol;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  dataSourceToken: string | symbol | Function;
}

const TENANT_IDENTITY_SERVICE = Symbol('TENANT_IDENTITY_SERVICE');

function tenantIdentityConsumer(transportId: symbol): Type {
  @Controller()
  class TenantIdentityConsumer {
    constructor(
      @Inject(TenantIdentityProjection) private readonly projection: TenantIdentityProjection,
      @Inject(TenantSignIn) private readonly signIn: TenantSignIn,
    ) {}

    @EventPattern<string>(TenantIdentityConfiguredV1.type, transportId)
    async onConfigured(@Payload() event: TenantIdentityConfiguredV1, @Ctx() context: EventContext): Promise<void> {
      await this.projection.apply(context.manager, event, new Date(context.envelope.time));
      this.signIn.forget();
    }

    @EventPattern<string>(TenantIdentityRemovedV1.type, transportId)
    async onRemoved(@Payload() event: TenantIdentityRemovedV1, @Ctx() context: EventContext): Promise<void> {
      await this.projection.apply(context.manager, event, new Date(context.envelope.time));
      this.signIn.forget();
    }
  }
  return TenantIdentityConsumer;
}

@Injectable()
class TenantIdentityRegistration implements OnModuleInit {
  constructor(
    @Inject(TenantIdentityProjection) private readonly projection: TenantIdentityProjection,
    @Inject(TenantSignIn) private readonly signIn: TenantSignIn,
  ) {}

  onModuleInit(): void {
    this.signIn.register({ identities: this.projection });
  }
}

/**
 * A service that does not own the municipalities' issuers (messaging does) keeps a projection of
 * them, so that it verifies a token of a municipality's own issuer itself (TenantSignIn, AuthGuard).
 */
@Module({})
export class TenantIdentityModule {
  static forService(options: TenantIdentityOptions): DynamicModule {
    return {
      module: TenantIdentityModule,
      controllers: [tenantIdentityConsumer(options.transportId)],
      providers: [
        // The service is part of the module's identity, so two services' modules in one process never merge.
        { provide: TENANT_IDENTITY_SERVICE, useValue: options.service },
        {
          provide: TenantIdentityProjection,
          useFactory: (dataSource: DataSource) => new TenantIdentityProjection(dataSource, options.service),
          inject: [options.dataSourceToken],
        },
        TenantIdentityRegistration,
      ],
      exports: [TenantIdentityProjection],
    };
  }
}
