import { extname, join } from 'node:path';

/**
 * Where a worker thread's script is, and how Node must start it. `pathWithoutExtension` names a
 * module beside the caller (e.g. `join(__dirname, 'pdf-work.worker')`).
 *
 * Built (`npm run build`, dist/), every module is JavaScript and the worker is too. Under jest the
 * modules are TypeScript that jest compiled in its own memory, into a module system a worker
 * thread does not share: a plain Node cannot load the .ts file. So the thread first requires
 * tests/support/typescript-on-load.js, which compiles each .ts on require with @swc/core and the
 * project's .swcrc — the build's own compiler and settings, no second toolchain, no build before
 * the tests. This module is compiled the same way as its callers, so its own extension tells which.
 */
export function workerScript(pathWithoutExtension: string): { filename: string; execArgv?: string[] } {
  const extension = extname(__filename);
  const filename = `${pathWithoutExtension}${extension}`;
  if (extension !== '.ts') return { filename };
  const typescriptOnLoad = join(__dirname, '..', '..', '..', '..', 'tests', 'support', 'typescript-on-load.js');
  return { filename, execArgv: ['--require', typescriptOnLoad] };
}
