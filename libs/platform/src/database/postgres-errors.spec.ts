import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './postgres-errors';

/** What node-postgres raises, optionally with a code, as TypeORM hands it on. */
function driverError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code ? { code } : {});
}

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection (server stopped)', driverError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    [
      'a connection lost mid-query (pg gives no code)',
      new QueryFailedError('SELECT 1', [], driverError('Connection terminated unexpectedly')),
    ],
    ['the server starting up (57P03)', new QueryFailedError('SELECT 1', [], driverError('the database system is starting up', '57P03'))],
    ['the server shut down by an operator (57P01)', driverError('terminating connection due to administrator command', '57P01')],
    ['a connection exception of class 08', driverError('connection failure', '08006')],
    ['a pool that could not connect in time', driverError('timeout exceeded when trying to connect')],
  ])('is true for %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], driverError('duplicate key value', '23505'))],
    ['a syntax error', driverError('syntax error at or near "SELEC"', '42601')],
    ['a serialization failure (a race, answered 409)', driverError('could not serialize access', '40001')],
    ['an error of our own code', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['no error object', undefined],
  ])('is false for %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
