export * from './context/correlation';
export * from './ids/ids';
export * from './database/embedded-postgres';
export * from './database/pglite-lease-pool';
export * from './database/postgres-errors';
export * from './database/service-data-source';
export * from './database/type-parsers';
