import { infrastructureFromEnv } from './infrastructure';

describe('the gate of the *.int-spec.ts suites', () => {
  it('runs them with both servers named', () => {
    expect(
      infrastructureFromEnv({ KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9094', DATABASE_URL: 'postgres://p@127.0.0.1/postgres' }),
    ).toEqual({
      kafkaBrokers: ['127.0.0.1:9092', '127.0.0.1:9094'],
      databaseUrl: 'postgres://p@127.0.0.1/postgres',
    });
  });

  it('skips them when a server is missing outside CI', () => {
    expect(infrastructureFromEnv({ DATABASE_URL: 'postgres://p@127.0.0.1/postgres' })).toBeUndefined();
    expect(infrastructureFromEnv({ CI: 'false', KAFKA_BROKERS: '127.0.0.1:9092' })).toBeUndefined();
  });

  it('fails the run under CI=true when a server is missing', () => {
    expect(() => infrastructureFromEnv({ CI: 'true', DATABASE_URL: 'postgres://p@127.0.0.1/postgres' })).toThrow(
      'CI=true but KAFKA_BROKERS unset',
    );
    expect(() => infrastructureFromEnv({ CI: 'true' })).toThrow('KAFKA_BROKERS and DATABASE_URL unset');
  });
});
