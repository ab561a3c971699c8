import { DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { PlatformConfig } from '../config/platform-config';
import { EMBEDDED_POSTGRES } from '../platform.module';
import type { EmbeddedPostgres } from './embedded-postgres';
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
      providers: [
        {
          provide: token,
          inject: [PlatformConfig, EMBEDDED_POSTGRES],
          useFactory: (config: PlatformConfig, embedded: EmbeddedPostgres | null) => {
            const url = serviceDatabaseUrl(database.service, { ...process.env, DATABASE_URL: config.DATABASE_URL });
            if (url) return openServiceDataSource(database, { kind: 'postgres', url });
            if (!embedded) throw new Error(`no database for ${database.service}: set DATABASE_URL`);
            return openServiceDataSource(database, { kind: 'embedded', embedded });
          },
        },
        { provide: ClosesDataSource, inject: [token], useFactory: (ds: DataSource) => new ClosesDataSource(ds) },
      ],
      exports: [token],
    };
  }
}

/** Closes the DataSource after the consumers and the relay have stopped (shutdown runs after destroy). */
class ClosesDataSource implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
