import { formatTraceparent, parseTraceparent, startSpan } from './trace-context';

describe('W3C trace context', () => {
  it('continues a well-formed traceparent in a new span of the same trace', () => {
    const parent = parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(parent).toEqual({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', flags: '01' });
    const span = startSpan(parent);
    expect(span.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(span.spanId).not.toBe('00f067aa0ba902b7');
    expect(formatTraceparent(span)).toBe(`00-4bf92f3577b34da6a3ce929d0e0e4736-${span.spanId}-01`);
  });

  it.each([
    ['absent', undefined],
    ['garbage', 'hello'],
    ['upper case', '00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01'],
    ['all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['all-zero parent id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['forbidden version ff', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['version 00 with extra fields', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra'],
  ])('starts a new trace when the traceparent is %s', (_case, value) => {
    expect(parseTraceparent(value)).toBeUndefined();
    expect(startSpan(parseTraceparent(value)).traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('accepts a later version with more fields, reading the four it knows', () => {
    expect(parseTraceparent('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-more')).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      flags: '00',
    });
  });
});
