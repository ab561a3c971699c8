import { DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { PlatformConfig } from '../config/platform-config';
import { EMBEDDED_POSTGRES } from '../platform.module';
import { databaseReadiness } from '../health/database.readiness';
import { ReadinessRegistry } from '../health/readiness';
import type { EmbeddedPostgresOnDemand } from './embedded-postgres-on-demand';
import { openServiceDataSource, serviceDatabaseUrl, type ServiceDatabase } from './service-data-source';

/** The injection token of a service's DataSource: `@Inject(dataSourceToken('appointments'))`. */
export function dataSourceToken(service: string): string {
  return `amtsweg:data-source:${service}`;
}

/** Provides a service's own, migrated DataSource — on its PostgreSQL database or its embedded schema. */
@Module({})
export class ServiceDatabaseModule {
  static forService(database: ServiceDatabase): DynamicModule {
    const token = dataSourceToken(database.service);
    return {
      module: ServiceDatabaseModule,
      // Global, so the service's eventing module (relay, inbox) reaches the same DataSource; tokens are per service.
      global: true,
      providers: [
        {
          provide: token,
          inject: [PlatformConfig, EMBEDDED_POSTGRES],
          useFactory: async (config: PlatformConfig, embedded: EmbeddedPostgresOnDemand) => {
            const url = serviceDatabaseUrl(database.service, { ...process.env, DATABASE_URL: config.DATABASE_URL });
            if (url) return openServiceDataSource(database, { kind: 'postgres', url });
            return openServiceDataSource(database, { kind: 'embedded', embedded: await embedded.get() });
          },
        },
        {
          provide: DataSourceLifecycle,
          inject: [token, ReadinessRegistry],
          useFactory: (ds: DataSource, readiness: ReadinessRegistry) => new DataSourceLifecycle(database.service, ds, readiness),
        },
      ],
      exports: [token],
    };
  }
}

/** Reports the database to `/health/ready`, and closes it after consumers and relay stopped (shutdown runs after destroy). */
class DataSourceLifecycle implements OnApplicationShutdown {
  constructor(
    service: string,
    private readonly dataSource: DataSource,
    readiness: ReadinessRegistry,
  ) {
    readiness.register(databaseReadiness(`${service}-database`, dataSource));
  }
  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
