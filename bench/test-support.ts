/**
 * The test suites' helpers for the benchmarks: `tests/` is not part of the build (`swc apps libs`,
 * `swc bench`), so its TypeScript is compiled on load with the project's own swc settings (.swcrc)
 * instead of being copied into bench/. Run from the repository root, as every bench script is.
 */
import { join } from 'node:path';
import type * as ChildProcessSupport from '../tests/ops/service-child-process';
import type * as SmtpSinkSupport from '../tests/support/smtp-sink';

let registered = false;

/** `require` of a .ts file compiles it with swc (CommonJS, the .swcrc paths), once per file. */
function compileTypeScriptOnLoad(): void {
  if (registered) return;
  registered = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const swc = require('@swc/core') as typeof import('@swc/core');
  const extensions = require.extensions as unknown as Record<
    string,
    (module: { _compile(code: string, filename: string): void }, filename: string) => void
  >;
  extensions['.ts'] = (module, filename) =>
    module._compile(swc.transformFileSync(filename, { swcrc: true, filename, sourceMaps: 'inline' }).code, filename);
}

function loadFromSource<T>(relativePath: string): T {
  compileTypeScriptOnLoad();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(process.cwd(), relativePath)) as T;
}

export function childProcessSupport(): typeof ChildProcessSupport {
  return loadFromSource('tests/ops/service-child-process.ts');
}

export function smtpSinkSupport(): typeof SmtpSinkSupport {
  return loadFromSource('tests/support/smtp-sink.ts');
}
