// Lets a worker thread started from the TypeScript sources (under jest) require .ts files: each is
// compiled on load with @swc/core and the project's .swcrc (CommonJS, the @amtsweg/* paths), as the
// build compiles it. Only for running from source: the built dist/ is JavaScript already.
// Loaded with `--require` (see apps/signatures/src/pdf-work/pdf-worker-pool.ts); run from the repository root.
const swc = require('@swc/core');

require.extensions['.ts'] = (module, filename) =>
  module._compile(swc.transformFileSync(filename, { swcrc: true, filename, sourceMaps: 'inline' }).code, filename);
