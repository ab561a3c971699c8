import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import { currentContext } from '../context/correlation';

/** LOG_LEVEL names Nest's levels; pino calls `log` `info` and `verbose` `trace`. */
const PINO_LEVELS = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' } as const satisfies Record<
  string,
  Level
>;
export type LogLevelSetting = keyof typeof PINO_LEVELS;

/** JSON lines on stdout (or `destination`), each with the correlation, tenant and trace of the work it belongs to. */
export function createPino(level: LogLevelSetting, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: PINO_LEVELS[level],
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: contextFields,
  };
  return destination ? pino(options, destination) : pino(options);
}

function contextFields(): Record<string, string> {
  const context = currentContext();
  if (!context) return {};
  return {
    correlationId: context.correlationId,
    ...(context.tenantId ? { tenantId: context.tenantId } : {}),
    ...(context.trace ? { traceId: context.trace.traceId, spanId: context.trace.spanId } : {}),
  };
}

const STACK_LINE = /\n\s+at /;

/**
 * Nest's LoggerService on pino. Nest passes `(message, ...params, context)`, errors also a stack
 * before the context; an object message becomes fields of the line (the access log uses that).
 */
export class PinoLogger implements LoggerService {
  constructor(readonly pino: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const rest = [...params];
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const stack = rest.find((param): param is string => typeof param === 'string' && STACK_LINE.test(param));
    const fields: Record<string, unknown> = context ? { context } : {};
    if (stack) fields.stack = stack;
    if (message instanceof Error) {
      this.pino[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      const { msg, ...own } = message as Record<string, unknown>;
      this.pino[level]({ ...fields, ...own }, typeof msg === 'string' ? msg : '');
    } else {
      this.pino[level](fields, String(message));
    }
  }
}
