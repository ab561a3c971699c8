import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** The repository's Markdown files: tracked ones and new ones not yet added (ignored files aside). */
function markdownFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', '*.md'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return [...new Set(listed.split('\0').filter(Boolean))].filter((file) => existsSync(join(ROOT, file))).sort();
}

/**
 * The link targets of a Markdown text: inline links and images `[text](target "title")`, `<target>`
 * in parentheses, and reference definitions `[label]: target`. Code (fenced blocks and spans) is
 * skipped: a path there is an example, not a link.
 */
function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/(`+)[\s\S]*?\1/g, '');
  const inline = [...prose.matchAll(/\]\(\s*(<[^>]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+["'(][^)]*)?\)/g)].map((match) => match[1]);
  const definitions = [...prose.matchAll(/^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/gm)].map((match) => match[1]);
  return [...inline, ...definitions].map((target) => target.replace(/^<(.*)>$/, '$1')).filter(Boolean);
}

/** Repository paths written as code in prose (`apps/…/booking.ts`); placeholders (`<service>`, `*`, `{a,b}`, `…`) aside. */
function namedPaths(markdown: string): string[] {
  const prose = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  return [...prose.matchAll(/`((?:apps|libs|tests|docs|k8s|scripts|bench|\.ci)\/[^`\s]*)`/g)]
    .map((match) => match[1])
    .filter((path) => !/[<>*{}…$]/.test(path));
}

/** Pages that name files for a reader to open: each path they name must exist. */
const PAGES_NAMING_FILES = ['docs/architecture.md', 'docs/api.md', 'docs/development.md', 'docs/operations.md', 'docs/web.md'];

/** Why a link target of `file` is broken, or undefined when it is external, an anchor, or a file of the repository. */
function brokenBecause(file: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//') || target.startsWith('#')) return undefined;
  const path = decodeURI(target.replace(/[?#].*$/, ''));
  // GitHub and GitLab read a leading slash as the repository's root.
  const absolute = path.startsWith('/') ? join(ROOT, path) : resolve(ROOT, dirname(file), path);
  const inside = relative(ROOT, absolute);
  if (inside.startsWith('..') || isAbsolute(inside)) return 'leaves the repository (a reader of the repository does not have it)';
  if (!existsSync(absolute)) return 'names a file that does not exist';
  return undefined;
}

describe('links between the documents', () => {
  it('reads links from prose, not from code', () => {
    const sample = [
      'See [the design](docs/architecture.md) and ![a chart](<docs/charts/a b.svg> "title").',
      '[ref]: ../shared/STYLE.md',
      'Run `cat [x](not-a-link.md)` or:',
      '```bash',
      'echo "[y](also-not-a-link.md)"',
      '```',
      'Online: <https://example.org> and [site](https://example.org/x).',
    ].join('\n');
    expect(linkTargets(sample)).toEqual(['docs/architecture.md', 'docs/charts/a b.svg', 'https://example.org/x', '../shared/STYLE.md']);
    expect(brokenBecause('README.md', '../shared/STYLE.md')).toMatch(/leaves the repository/);
    expect(brokenBecause('docs/api.md', 'missing.md#anchor')).toMatch(/does not exist/);
    expect(brokenBecause('docs/x.md', '../README.md#two-commands')).toBeUndefined();
    expect(namedPaths('`apps/a/b.ts`, `apps/<service>/src`, `npm test`\n```\n`libs/x.ts`\n```')).toEqual(['apps/a/b.ts']);
  });

  const files = markdownFiles();

  it('finds the README and the docs pages', () => {
    expect(files).toContain('README.md');
    expect(files.filter((file) => file.startsWith('docs/')).length).toBeGreaterThan(3);
  });

  it.each(PAGES_NAMING_FILES)('%s: every repository path it names exists', (file) => {
    const paths = namedPaths(readFileSync(join(ROOT, file), 'utf8'));
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
  });

  it.each(files)('%s: every relative link stays inside the repository and names a file that exists', (file) => {
    const broken = linkTargets(readFileSync(join(ROOT, file), 'utf8'))
      .map((target) => ({ target, problem: brokenBecause(file, target) }))
      .filter((link) => link.problem !== undefined);
    expect(broken).toEqual([]);
  });
});
