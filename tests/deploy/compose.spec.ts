import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { composeSchemaValidator, interpolate } from './compose-schema';

const ROOT = join(__dirname, '../..');

interface ComposeService {
  image?: string;
  command?: string[];
  cap_drop?: string[];
  security_opt?: string[];
  healthcheck?: { test?: unknown };
  depends_on?: Record<string, { condition?: string }>;
  environment?: Record<string, string>;
  volumes?: string[];
}

interface ComposeFile {
  services: Record<string, ComposeService>;
}

const INFRASTRUCTURE = ['kafka', 'postgres'];

function composeText(): string {
  return readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
}

function loadCompose(text = composeText()): ComposeFile {
  // merge: Compose resolves YAML merge keys (`<<: *anchor`), which YAML 1.2 parsers leave alone by default.
  return parse(interpolate(text), { merge: true }) as ComposeFile;
}

function appsInRepository(): string[] {
  const apps = join(ROOT, 'apps');
  return readdirSync(apps).filter((name) => statSync(join(apps, name, 'src/main.ts'), { throwIfNoEntry: false })?.isFile());
}

describe('docker-compose.yml', () => {
  const validate = composeSchemaValidator();

  it('validates against the Compose specification schema', () => {
    const valid = validate(loadCompose());
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is refused by the same validator when it breaks the specification', () => {
    const broken = loadCompose();
    (broken.services.gateway as Record<string, unknown>).cap_drop = 'ALL';
    (broken.services.kafka as Record<string, unknown>).restart_policy = 'always';
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((error) => error.instancePath)).toEqual(
      expect.arrayContaining(['/services/gateway/cap_drop', '/services/kafka']),
    );
  });

  it('runs exactly the services of apps/, plus Kafka and PostgreSQL, each from its own build', () => {
    const { services } = loadCompose();
    const applications = Object.keys(services).filter((name) => !INFRASTRUCTURE.includes(name));
    expect(applications.sort()).toEqual(appsInRepository().sort());
    for (const name of applications)
      expect(services[name].command).toEqual(['node', '--enable-source-maps', `dist/apps/${name}/src/main.js`]);
    expect(services.kafka.image).toMatch(/^apache\/kafka:/);
  });

  it('drops every capability, forbids new privileges and checks health on every service', () => {
    for (const [name, service] of Object.entries(loadCompose().services)) {
      expect({ name, cap_drop: service.cap_drop }).toEqual({ name, cap_drop: ['ALL'] });
      expect({ name, security_opt: service.security_opt }).toEqual({ name, security_opt: ['no-new-privileges:true'] });
      expect({ name, healthcheck: Boolean(service.healthcheck?.test) }).toEqual({ name, healthcheck: true });
    }
  });

  it('starts a service only after what it depends on is healthy', () => {
    const { services } = loadCompose();
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect({ name, dependency, condition }).toEqual({ name, dependency, condition: 'service_healthy' });
      }
    }
    for (const name of appsInRepository().filter((app) => app !== 'gateway')) {
      expect(Object.keys(services[name].depends_on ?? {}).sort()).toEqual(INFRASTRUCTURE);
    }
    expect(Object.keys(services.gateway.depends_on ?? {}).sort()).toEqual(
      appsInRepository()
        .filter((app) => app !== 'gateway')
        .sort(),
    );
  });

  it('gives each service its own database role on the server and the gateway every service URL', () => {
    const { services } = loadCompose();
    const init = readFileSync(join(ROOT, 'scripts/deploy-postgres-init.sh'), 'utf8');
    for (const name of appsInRepository().filter((app) => app !== 'gateway')) {
      expect(services[name].environment?.DATABASE_URL).toMatch(new RegExp(`^postgres://amtsweg_${name}:[^@]+@postgres:5432/postgres$`));
      expect(services[name].environment?.KAFKA_BROKERS).toBe('kafka:9092');
      expect(init).toContain(name);
      expect(services.gateway.environment?.[`${name.toUpperCase()}_URL`]).toBe(`http://${name}:3000`);
    }
  });

  it('interpolates like Compose: defaults, set values and required ones', () => {
    expect(interpolate('${A:-x}/${B-y}/${C}', { B: '' })).toBe('x//');
    expect(interpolate('${A:-x}', { A: 'set' })).toBe('set');
    expect(() => interpolate('${KEY:?must be set}')).toThrow('KEY is required: must be set');
  });
});
