import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { declaredSettings, serviceDatabaseUrl } from '@amtsweg/platform';
// The composition root of the whole system: importing it declares every settings class the code reads.
import { gatewayProcess } from '../../apps/gateway/src/gateway.process';

const PAGE = 'docs/configuration.md';
/** The one section whose variables no settings class holds: `<SERVICE>_DATABASE_URL`, named after each service. */
const DATABASE_SECTION = 'a database per service';

interface Row {
  variable: string;
  /** The default column as written. */
  fallback: string;
}

/** The page's tables by section heading (lower case); a row naming several variables counts for each. */
function documentedSections(): Map<string, Row[]> {
  const text = readFileSync(join(__dirname, '../..', PAGE), 'utf8');
  const sections = new Map<string, Row[]>();
  for (const section of text.split(/^## /m).slice(1)) {
    const [heading, ...lines] = section.split('\n');
    const rows = lines
      .filter((line) => line.startsWith('| `'))
      .flatMap((line) => {
        const [, variables, fallback] = line.split(/(?<!\\)\|/).map((cell) => cell.trim());
        return [...variables.matchAll(/`([^`]+)`/g)].map((match) => ({ variable: match[1], fallback }));
      });
    if (rows.length > 0) sections.set(heading.trim().toLowerCase(), rows);
  }
  return sections;
}

/** How the page writes a default: its first code span, `empty` for the empty text, and `—` (then what happens) for unset. */
function documentedDefaultOf(fallback: string): string | undefined {
  if (fallback.startsWith('—')) return undefined;
  if (fallback === 'empty') return '';
  return /^`([^`]*)`/.exec(fallback)?.[1] ?? `unreadable default "${fallback}"`;
}

const sections = documentedSections();
const settings = declaredSettings().map(({ scope, settingsClass }) => ({
  scope,
  name: settingsClass.name,
  defaults: new settingsClass() as Record<string, unknown>,
}));
const read = settings.flatMap(({ scope, name, defaults }) =>
  Object.entries(defaults).map(([variable, fallback]) => ({ scope, name, variable, fallback })),
);
const services = gatewayProcess({}).services ?? [];

describe(PAGE, () => {
  it('finds the settings classes of the whole system, and a section for each', () => {
    expect(settings.map(({ scope }) => scope).sort()).toEqual(['appointments', 'every service', 'gateway', 'messaging', 'signatures']);
    expect([...sections.keys()].sort()).toEqual([...settings.map(({ scope }) => scope), DATABASE_SECTION].sort());
  });

  it('names each variable once', () => {
    const names = [...sections.values()].flat().map(({ variable }) => variable);
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
  });

  it.each(read.map(({ scope, name, variable, fallback }) => [variable, name, scope, fallback] as const))(
    'documents %s (%s) in the section "%s", with its default',
    (variable, _name, scope, fallback) => {
      const row = sections.get(scope)?.find((entry) => entry.variable === variable);
      expect(row).toBeDefined();
      expect(documentedDefaultOf(row!.fallback)).toEqual(fallback === undefined ? undefined : String(fallback));
    },
  );

  it.each(services.map((service) => [service] as const))('documents the database of its own that %s reads', (service) => {
    const variable = `${service.toUpperCase()}_DATABASE_URL`;
    const own = 'postgres://amtsweg@db.example.org:5432/own';
    expect(serviceDatabaseUrl(service, { [variable]: own, DATABASE_URL: 'postgres://amtsweg@shared.example.org:5432/postgres' })).toBe(own);
    expect(sections.get(DATABASE_SECTION)?.find((entry) => entry.variable === variable)?.fallback).toMatch(/^—/);
  });

  it.each([...sections].flatMap(([section, rows]) => rows.map(({ variable }) => [variable, section] as const)))(
    'documents %s (section "%s") because the code reads it there',
    (variable, section) => {
      const readThere =
        section === DATABASE_SECTION
          ? services.map((service) => `${service.toUpperCase()}_DATABASE_URL`)
          : read.filter(({ scope }) => scope === section).map((entry) => entry.variable);
      expect(readThere).toContain(variable);
    },
  );
});
