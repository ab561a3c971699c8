import { Logger } from '@nestjs/common';
import { runInContext } from '../context/correlation';
import { createPino, PinoLogger } from './pino-logger';

function capture(level: Parameters<typeof createPino>[0] = 'verbose') {
  const lines: Array<Record<string, unknown>> = [];
  const logger = new PinoLogger(
    createPino(level, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) }),
  );
  return { logger, lines };
}

describe('PinoLogger', () => {
  afterEach(() => Logger.overrideLogger(false));

  it('writes Nest log calls as JSON lines with level, context and the work context', () => {
    const { logger, lines } = capture();
    Logger.overrideLogger(logger);
    const trace = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', flags: '01' };
    runInContext({ correlationId: 'corr-0001', tenantId: 'demo', trace }, () => new Logger('Booking').log('booked'));
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        context: 'Booking',
        msg: 'booked',
        correlationId: 'corr-0001',
        tenantId: 'demo',
        traceId: trace.traceId,
        spanId: trace.spanId,
      }),
    ]);
  });

  it('keeps an error’s stack as a field and an object message as fields', () => {
    const { logger, lines } = capture();
    logger.error('it broke', 'Error: it broke\n    at somewhere (file.ts:1:1)', 'Relay');
    logger.log({ msg: 'request', method: 'GET', status: 200 }, 'HTTP');
    expect(lines[0]).toMatchObject({ level: 'error', msg: 'it broke', context: 'Relay', stack: expect.stringContaining('at somewhere') });
    expect(lines[1]).toMatchObject({ level: 'info', msg: 'request', method: 'GET', status: 200, context: 'HTTP' });
    expect(lines[1]).not.toHaveProperty('correlationId');
  });

  it('writes nothing below LOG_LEVEL (log = info: no debug, no verbose)', () => {
    const { logger, lines } = capture('log');
    logger.debug('noise');
    logger.verbose('more noise');
    logger.warn('careful');
    expect(lines.map((line) => line.level)).toEqual(['warn']);
  });
});
