// Test support for suites across the monorepo: `import … from '@amtsweg/eventing/testing'`.
export * from './infrastructure';
export * from './test-database';
export * from './wait-for';
export * from './kafka-cleanup';
