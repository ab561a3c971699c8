import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '../..');
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

/** Instructions with their continuation lines joined, comments dropped. */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));
const stages = instructions.reduce<string[][]>(
  (all, line) => (line.startsWith('FROM ') ? [...all, [line]] : (all.at(-1)?.push(line), all)),
  [],
);
const runtime = stages.at(-1) ?? [];

/** .dockerignore as Docker reads it: patterns relative to the context, `**` across directories; a match excludes a path and all below it. */
function dockerIgnored(): (path: string) => boolean {
  const patterns = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  expect(patterns.some((pattern) => pattern.startsWith('!'))).toBe(false); // exceptions would need Docker's full ordering rules
  const expressions = patterns.map(
    (pattern) =>
      new RegExp(
        `^${pattern
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*\*\//g, '\u0001')
          .replace(/\*\*/g, '\u0002')
          .replace(/\*/g, '[^/]*')
          .replace(/\?/g, '[^/]')
          .replace(/\u0001/g, '(.*/)?')
          .replace(/\u0002/g, '.*')}$`,
      ),
  );
  return (path) => {
    const parts = path.split('/');
    return parts.some((_, index) => expressions.some((expression) => expression.test(parts.slice(0, index + 1).join('/'))));
  };
}

function productionSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : productionSources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('Dockerfile', () => {
  const ignored = dockerIgnored();

  it('builds in one stage and runs in a slim one with only production dependencies', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const build = stages.slice(0, -1).flat().join('\n');
    expect(build).toMatch(/RUN npm ci\b/);
    expect(build).toMatch(/npm run build/);
    expect(build).toMatch(/npm prune --omit=dev/);
    expect(runtime.join('\n')).not.toMatch(/npm (ci|install)/);
  });

  it('runs as a non-root user, checks readiness and starts the service the SERVICE argument names', () => {
    const user = runtime.filter((line) => line.startsWith('USER ')).at(-1);
    expect(user).toMatch(/^USER [1-9]\d*(:[1-9]\d*)?$/);
    expect(runtime.find((line) => line.startsWith('HEALTHCHECK '))).toContain('/health/ready');
    expect(runtime).toContain('ARG SERVICE=gateway');
    expect(runtime.find((line) => line.startsWith('CMD '))).toContain('dist/apps/${SERVICE}/src/main.js');
  });

  it('copies only files that exist and that .dockerignore lets into the context', () => {
    const sources = instructions
      .filter((line) => line.startsWith('COPY ') && !line.includes('--from='))
      .flatMap((line) => line.split(/\s+/).slice(1, -1))
      .filter((word) => !word.startsWith('--'));
    expect(sources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'apps', 'libs', 'scripts/deploy-migrate.sh']));
    for (const source of sources) {
      expect({ source, exists: existsSync(join(ROOT, source)), ignored: ignored(source) }).toEqual({
        source,
        exists: true,
        ignored: false,
      });
    }
  });

  it('leaves out tests, but no production code imports what was left out', () => {
    expect(ignored('apps/appointments/src/booking/booking.spec.ts')).toBe(true);
    expect(ignored('apps/signatures/test/signatures-app.ts')).toBe(true);
    expect(ignored('libs/eventing/src/testing')).toBe(true);
    expect(ignored('apps/appointments/src/booking/booking.ts')).toBe(false);
    const production = ['apps', 'libs']
      .flatMap((dir) => productionSources(join(ROOT, dir)))
      .filter((file) => !ignored(relative(ROOT, file)));
    for (const file of production) {
      for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/(?:from|import|require\()\s*'([^']+)'/g)) {
        const target = specifier.startsWith('.')
          ? relative(ROOT, resolve(dirname(file), specifier))
          : specifier.replace(/^@amtsweg\/(\w+)/, 'libs/$1/src');
        if (!target.startsWith('apps/') && !target.startsWith('libs/')) continue;
        expect({ file: relative(ROOT, file), imports: target, ignored: ignored(target) }).toEqual({
          file: relative(ROOT, file),
          imports: target,
          ignored: false,
        });
      }
    }
  });
});
