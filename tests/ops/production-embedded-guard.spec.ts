import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module, type INestApplication } from '@nestjs/common';
import { eventDrivenProcess } from '@amtsweg/eventing';
import { runServiceProcess } from '@amtsweg/platform';

@Module({})
class NoRoutesModule {}

/** A process running "messaging" (an empty module: what matters is what the process says it holds). */
const messagingLike = eventDrivenProcess('amtsweg guard test', [{ name: 'messaging', module: NoRoutesModule }]);

class Exited extends Error {
  constructor(readonly code: number | undefined) {
    super(`process.exit(${code})`);
  }
}

const PRODUCTION = {
  NODE_ENV: 'production',
  PORT: '0',
  LOG_LEVEL: 'warn',
  HOST: '127.0.0.1',
  OIDC_ISSUER: 'https://idp.example.org/realms/amtsweg',
  OIDC_JWKS_URL: 'https://idp.example.org/realms/amtsweg/certs',
};
const GUARDED = ['DATABASE_URL', 'MESSAGING_DATABASE_URL', 'KAFKA_BROKERS', 'AMTSWEG_EMBEDDED', 'DATA_DIR', ...Object.keys(PRODUCTION)];

describe('NODE_ENV=production without a database server or broker', () => {
  const saved = Object.fromEntries(GUARDED.map((name) => [name, process.env[name]]));
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsweg-guard-'));
  let app: INestApplication | undefined;
  let errors: string[];

  beforeEach(() => {
    for (const name of GUARDED) delete process.env[name];
    Object.assign(process.env, PRODUCTION, { DATA_DIR: dataDir });
    errors = [];
    jest.spyOn(console, 'error').mockImplementation((line: unknown) => void errors.push(String(line)));
    jest.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Exited(code === undefined || code === null ? undefined : Number(code));
    });
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await app?.close();
    app = undefined;
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function start(): Promise<number | 'started'> {
    try {
      app = await runServiceProcess(messagingLike);
      return 'started';
    } catch (error) {
      if (error instanceof Exited && error.code !== undefined) return error.code;
      throw error;
    }
  }

  it('refuses to start (exit 78, one line naming what is missing) instead of keeping data in the embedded database', async () => {
    expect(await start()).toBe(78);
    expect(errors).toHaveLength(1);
    expect(errors[0]).not.toContain('\n');
    expect(errors[0]).toMatch(/NODE_ENV=production.*DATABASE_URL.*MESSAGING_DATABASE_URL.*KAFKA_BROKERS.*AMTSWEG_EMBEDDED=1/);
  });

  it('refuses a database server without a broker, naming only the broker', async () => {
    process.env.MESSAGING_DATABASE_URL = 'postgres://postgres@127.0.0.1:1/amtsweg_messaging';
    expect(await start()).toBe(78);
    expect(errors[0]).toContain('KAFKA_BROKERS');
    expect(errors[0]).not.toContain('DATABASE_URL');
  });

  it('starts on the embedded database and bus when AMTSWEG_EMBEDDED=1 says it is meant', async () => {
    process.env.AMTSWEG_EMBEDDED = '1';
    expect(await start()).toBe('started');
  });
});
