import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { loadConfig } from '../config/platform-config';
import { EMBEDDED_POSTGRES, PlatformModule } from '../platform.module';
import type { EmbeddedPostgres } from './embedded-postgres';
import { EmbeddedPostgresOnDemand } from './embedded-postgres-on-demand';

describe('EmbeddedPostgresOnDemand', () => {
  const fakeEmbedded = () =>
    ({ closeIfShared: jest.fn(async () => undefined) }) as unknown as EmbeddedPostgres & { closeIfShared: jest.Mock };

  it('opens nothing until a service asks, and nothing at shutdown if none did', async () => {
    const open = jest.fn(async () => fakeEmbedded());
    const onDemand = new EmbeddedPostgresOnDemand(open);
    await onDemand.closeIfShared();
    expect(open).not.toHaveBeenCalled();
    expect(onDemand.isOpened).toBe(false);
  });

  it('opens once for every service that asks, and closes that one instance', async () => {
    const embedded = fakeEmbedded();
    const open = jest.fn(async () => embedded);
    const onDemand = new EmbeddedPostgresOnDemand(open);
    const [first, second] = await Promise.all([onDemand.get(), onDemand.get()]);
    expect(first).toBe(embedded);
    expect(second).toBe(embedded);
    expect(open).toHaveBeenCalledTimes(1);
    expect(onDemand.isOpened).toBe(true);
    await onDemand.closeIfShared();
    expect(embedded.closeIfShared).toHaveBeenCalledTimes(1);
  });
});

describe('PlatformModule and the embedded database', () => {
  it('starts no PGlite while no service has asked for one (a process whose services all have a PostgreSQL URL)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'amtsweg-on-demand-'));
    try {
      const moduleRef = await Test.createTestingModule({
        imports: [PlatformModule.forRoot(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir }))],
      }).compile();
      await moduleRef.init();
      expect(moduleRef.get<EmbeddedPostgresOnDemand>(EMBEDDED_POSTGRES).isOpened).toBe(false);
      expect(existsSync(join(dataDir, 'pglite'))).toBe(false);
      await moduleRef.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
