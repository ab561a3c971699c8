import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROBLEM_STATUSES } from '../../libs/platform/src/http/problem';
import { PROBLEM_TEXTS, problemText, STATUS_TEXTS } from '../../apps/gateway/web/src/problem-texts';

const ROOT = join(__dirname, '..', '..');

/** The services' and libraries' own source: where every problem the API answers is thrown. */
function sourceFiles(): string[] {
  const roots = ['apps', 'libs'].flatMap((top) =>
    readdirSync(join(ROOT, top), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(ROOT, top, entry.name, 'src')),
  );
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      // The web client quotes codes to react to them; it answers none.
      if (entry.isDirectory() && !path.endsWith(join('gateway', 'web'))) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec|fault-spec)\.ts$/.test(entry.name))
        files.push(path);
    }
  };
  for (const root of roots) {
    try {
      walk(root);
    } catch {
      // a library without src/
    }
  }
  return files;
}

/** A code as the services write it: `'BOOKING.SLOT_TAKEN'`, quoted or in backticks, always in full. */
const CODE_LITERAL = /(['"`])([A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)+)\1/g;
/** A code put together at run time (`BOOKING.${rejection}`), which no scan can list. */
const BUILT_CODE = /`[A-Z][A-Z0-9_]*\.\$\{/g;
/** The one built code allowed: the problem filter's `HTTP.<status>` for Nest's own exceptions, covered by STATUS_TEXTS. */
const BUILT_CODE_ALLOWED = new Set([join('libs', 'platform', 'src', 'http', 'problem.filter.ts')]);

const files = sourceFiles().map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));
const codes = [...new Set(files.flatMap(({ text }) => [...text.matchAll(CODE_LITERAL)].map((match) => match[2])))].sort();

describe('German and English texts for every problem the API can answer', () => {
  it('finds the codes in the source (the scan itself works)', () => {
    expect(codes.length).toBeGreaterThan(80);
    expect(codes).toEqual(expect.arrayContaining(['BOOKING.SLOT_TAKEN', 'REQUEST.INVALID', 'AUTH.MISSING_TOKEN', 'HTTP.NOT_FOUND']));
  });

  it('has a German and an English text for every code', () => {
    const missing = codes.filter((code) => !PROBLEM_TEXTS[code]?.de?.trim() || !PROBLEM_TEXTS[code]?.en?.trim());
    expect(missing).toEqual([]);
  });

  it('has no text for a code the API no longer answers', () => {
    expect(Object.keys(PROBLEM_TEXTS).filter((code) => !codes.includes(code))).toEqual([]);
  });

  it('finds every code written in full: none is put together at run time', () => {
    const built = files
      .filter(({ path }) => !BUILT_CODE_ALLOWED.has(path))
      .flatMap(({ path, text }) => [...text.matchAll(BUILT_CODE)].map((match) => `${path}: ${match[0]}`));
    expect(built).toEqual([]);
  });

  it('has a German and an English text for every status a problem can have (HTTP.<status> and unknown codes)', () => {
    const missing = PROBLEM_STATUSES.filter((status) => !STATUS_TEXTS[status]?.de?.trim() || !STATUS_TEXTS[status]?.en?.trim());
    expect(missing).toEqual([]);
  });

  it('shows the text for the code, never the English detail; an unknown code falls back to its status', () => {
    const answered = (status: number, code?: string, detail?: string) => ({ status, code, detail });
    expect(problemText(answered(409, 'BOOKING.SLOT_TAKEN', 'This time has just been taken'), 'de')).toBe(
      PROBLEM_TEXTS['BOOKING.SLOT_TAKEN'].de,
    );
    expect(problemText({ status: 409, code: 'BOOKING.SLOT_TAKEN' }, 'en')).toBe(PROBLEM_TEXTS['BOOKING.SLOT_TAKEN'].en);
    expect(problemText(answered(403, 'HTTP.403', 'Forbidden resource'), 'de')).toBe(STATUS_TEXTS[403].de);
    expect(problemText(answered(409, 'SOMETHING.NEW', 'An English sentence'), 'de')).toBe(STATUS_TEXTS[409].de);
    const teapot = problemText(answered(418, undefined, 'I am a teapot'), 'de');
    expect(teapot).not.toContain('teapot');
    expect(teapot).toBe(problemText({ status: 400 }, 'de'));
    expect(problemText(answered(599, undefined, 'Upstream exploded'), 'en')).toBe(STATUS_TEXTS[500].en);
  });
});
