import { errorSummary } from './error-summary';

class QueryFailedError extends Error {
  override name = 'QueryFailedError';
  constructor(readonly driverError: { code: string; message: string; detail: string }) {
    super(driverError.message);
  }
}

describe('errorSummary', () => {
  it('names a database error by class and SQLSTATE, leaving out the values PostgreSQL quoted', () => {
    const error = new QueryFailedError({
      code: '23505',
      message: 'duplicate key value violates unique constraint "citizen_email_key"',
      detail: 'Key (email)=(anna.beispiel@example.org) already exists.',
    });
    expect(errorSummary(error)).toBe('QueryFailedError (code 23505)');
  });

  it('names a socket error by its code, any other error by its class only', () => {
    expect(errorSummary(Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:5432'), { code: 'ECONNREFUSED' }))).toBe(
      'Error (code ECONNREFUSED)',
    );
    expect(errorSummary(new TypeError('invalid e-mail anna.beispiel@example.org'))).toBe('TypeError');
    expect(errorSummary({ status: 'error', message: 'anna.beispiel@example.org' })).toBe('Object');
    expect(errorSummary('anna.beispiel@example.org')).toBe('string');
  });
});
