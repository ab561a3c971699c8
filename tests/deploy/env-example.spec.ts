import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, PlatformConfig } from '@amtsweg/platform';

const ROOT = join(__dirname, '../..');

interface Entry {
  name: string;
  value: string;
  line: number;
  /** The comment block the entry (or the group of entries it belongs to) sits under. */
  comment: string;
}

function envExample(): Entry[] {
  const lines = readFileSync(join(ROOT, '.env.example'), 'utf8').split('\n');
  const entries: Entry[] = [];
  lines.forEach((text, index) => {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(text);
    if (!match) return;
    let above = index - 1;
    while (above >= 0 && /^[A-Z][A-Z0-9_]*=/.test(lines[above])) above--;
    const comment: string[] = [];
    for (let line = above; line >= 0 && lines[line].startsWith('#'); line--) comment.unshift(lines[line]);
    entries.push({ name: match[1], value: match[2], line: index + 1, comment: comment.join('\n') });
  });
  return entries;
}

function sourceFiles(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name === 'test' || entry.name === 'testing' ? [] : sourceFiles(path, suffix);
    return entry.name.endsWith(suffix) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name) ? [path] : [];
  });
}

type ConfigClass = new () => object;

/** Every service's own settings class: the `*Config` classes exported by `apps/<service>/src/**\/*.config.ts`. */
function serviceConfigClasses(): ConfigClass[] {
  return sourceFiles(join(ROOT, 'apps'), '.config.ts').flatMap((file) =>
    Object.entries(require(file) as Record<string, unknown>) // eslint-disable-line @typescript-eslint/no-require-imports
      .filter(([name, value]) => /^[A-Z]\w*Config$/.test(name) && typeof value === 'function')
      .map(([, value]) => value as ConfigClass),
  );
}

const services = readdirSync(join(ROOT, 'apps')).filter((name) => name !== 'gateway');
const CONFIG_CLASSES: ConfigClass[] = [PlatformConfig, ...serviceConfigClasses()];

describe('.env.example', () => {
  const entries = envExample();
  const byName = new Map(entries.map((entry) => [entry.name, entry]));

  it('finds the service settings classes it checks (and the platform one)', () => {
    expect(CONFIG_CLASSES.map((configClass) => configClass.name)).toEqual(
      expect.arrayContaining(['PlatformConfig', 'SignaturesConfig', 'MessagingConfig']),
    );
  });

  it.each(CONFIG_CLASSES.map((configClass) => [configClass.name, configClass] as const))(
    'names every setting of %s with its default',
    (_name, configClass) => {
      const defaults = new configClass() as Record<string, unknown>;
      for (const [name, fallback] of Object.entries(defaults)) {
        expect({ name, value: byName.get(name)?.value }).toEqual({ name, value: fallback === undefined ? '' : String(fallback) });
      }
    },
  );

  it.each(CONFIG_CLASSES.map((configClass) => [configClass.name, configClass] as const))(
    'is a valid environment for %s',
    (_name, configClass) => {
      const env = Object.fromEntries(entries.map((entry) => [entry.name, entry.value]));
      expect(() => loadConfig(env, configClass)).not.toThrow();
    },
  );

  it('names every variable the code reads outside the settings classes', () => {
    const source = [...sourceFiles(join(ROOT, 'apps'), '.ts'), ...sourceFiles(join(ROOT, 'libs'), '.ts')]
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const read = new Set([...source.matchAll(/\benv(?:\.|\[')([A-Z][A-Z0-9_]+)/g)].map((match) => match[1]));
    expect(read.size).toBeGreaterThan(0);
    for (const name of read) expect({ name, documented: byName.has(name) }).toEqual({ name, documented: true });
  });

  it('says what each setting is for', () => {
    for (const entry of entries)
      expect({ name: entry.name, commented: entry.comment.length > 0 }).toEqual({ name: entry.name, commented: true });
  });

  it('names each setting once, and only settings the code reads', () => {
    expect(entries.length).toBe(byName.size);
    const declared = new Set(CONFIG_CLASSES.flatMap((configClass) => Object.keys(new configClass())));
    // `<SERVICE>_DATABASE_URL` (service-data-source.ts) and `<SERVICE>_URL` (gateway routing) are composed from service names.
    const composed = new Set(services.flatMap((service) => [`${service.toUpperCase()}_DATABASE_URL`, `${service.toUpperCase()}_URL`]));
    const source = [...sourceFiles(join(ROOT, 'apps'), '.ts'), ...sourceFiles(join(ROOT, 'libs'), '.ts')]
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    for (const { name } of entries) {
      expect({
        name,
        read: declared.has(name) || composed.has(name) || source.includes(`env.${name}`) || source.includes(`env['${name}']`),
      }).toEqual({ name, read: true });
    }
  });
});
