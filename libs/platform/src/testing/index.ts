// Test support for the services' suites: `import … from '@amtsweg/platform/testing'`. Never imported by production code.
export * from './test-clock';
export * from './test-tokens';
export * from './outbox-events';
export * from './service-test-app';
export * from './sse-client';
export * from './demo-tenants';
export * from './demo-people';
