import { Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { DATABASE_RETRY_AFTER_SECONDS, sendProblem } from './problem.filter';

/** The parts of express's Response that sendProblem uses, recording what was sent. */
function fakeResponse() {
  const sent = { status: 0, type: '', body: '', headers: {} as Record<string, string> };
  const response = {
    headersSent: false,
    getHeader: () => undefined,
    setHeader: (name: string, value: string) => void (sent.headers[name.toLowerCase()] = value),
    status(code: number) {
      sent.status = code;
      return this;
    },
    type(value: string) {
      sent.type = value;
      return this;
    },
    send(body: string) {
      sent.body = body;
      return this;
    },
  };
  return { response: response as unknown as Response, sent };
}

const request = { method: 'POST', route: { path: '/api/v1/tenants/:tenant/bookings' } } as unknown as Request;

describe('sendProblem and an unreachable database', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a connection lost mid-query', new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly'))],
    ['a server still recovering', new QueryFailedError('SELECT 1', [], Object.assign(new Error('starting up'), { code: '57P03' }))],
  ])('answers %s with 503 problem+json and Retry-After, not 500', (_what, error) => {
    const { response, sent } = fakeResponse();
    sendProblem(error, request, response);
    expect(sent.status).toBe(503);
    expect(sent.type).toBe('application/problem+json');
    expect(sent.headers['retry-after']).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
    expect(JSON.parse(sent.body)).toEqual(expect.objectContaining({ status: 503, code: 'SERVICE.DATABASE_UNAVAILABLE' }));
  });

  it('still answers a bug 500 without Retry-After', () => {
    const { response, sent } = fakeResponse();
    sendProblem(new TypeError('boom'), request, response);
    expect(sent.status).toBe(500);
    expect(sent.headers['retry-after']).toBeUndefined();
  });
});
