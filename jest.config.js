// CommonJS build + Nest 12 (ESM-only): @swc/jest turns every file, node_modules included, into
// CommonJS for jest's module system. See docs/development.md, "Build", for the decision.
const swcConfig = {
  sourceMaps: 'inline',
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
};

const infra = Boolean(process.env.KAFKA_BROKERS || process.env.DATABASE_URL);

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj|cj)s$': ['@swc/jest', swcConfig] },
  // axe-core is a prebuilt UMD script that reads `this` at the top level; transforming it breaks it.
  transformIgnorePatterns: ['/node_modules/axe-core/'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: {
    '^@amtsweg/(contracts|eventing|platform)$': '<rootDir>/libs/$1/src',
    '^@amtsweg/(contracts|eventing|platform)/testing$': '<rootDir>/libs/$1/src/testing',
    // A service's public entry (apps/<service>/src/index.ts): all a composition root may import of it.
    '^@amtsweg/(appointments|messaging|signatures|devices)$': '<rootDir>/apps/$1/src',
  },
  // int-specs and the fault suite (tests/faults, `npm run test:faults`) need real Kafka and PostgreSQL.
  testMatch:
    infra || process.env.CI
      ? ['<rootDir>/{apps,libs,tests}/**/*.{spec,int-spec,e2e-spec,fault-spec}.ts']
      : ['<rootDir>/{apps,libs,tests}/**/*.{spec,e2e-spec}.ts'],
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  testTimeout: 30000,
};
