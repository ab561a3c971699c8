import { randomBytes } from 'node:crypto';

/** Where this unit of work sits in a W3C trace: the trace, and this service's own span in it. */
export interface TraceContext {
  traceId: string;
  spanId: string;
  /** The trace-flags byte as two hex digits (`01` = sampled). */
  flags: string;
}

// version-traceid-parentid-flags (W3C Trace Context, level 1); a later version may append fields.
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ALL_ZERO = /^0+$/;

/** The caller's trace from a `traceparent` header or CloudEvents attribute; undefined when absent or malformed. */
export function parseTraceparent(value: unknown): Omit<TraceContext, 'spanId'> | undefined {
  if (typeof value !== 'string') return undefined;
  const match = TRACEPARENT.exec(value.trim());
  if (!match) return undefined;
  const [, version, traceId, parentId, flags, more] = match;
  if (version === 'ff' || (version === '00' && more !== undefined) || ALL_ZERO.test(traceId) || ALL_ZERO.test(parentId)) return undefined;
  return { traceId, flags };
}

/** A new span of `parent`'s trace, or the first span of a new trace. */
export function startSpan(parent?: Omit<TraceContext, 'spanId'>): TraceContext {
  return {
    traceId: parent?.traceId ?? randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    flags: parent?.flags ?? '01',
  };
}

/** The `traceparent` that names this span as the parent of the next hop (HTTP header, event attribute). */
export function formatTraceparent(trace: TraceContext): string {
  return `00-${trace.traceId}-${trace.spanId}-${trace.flags}`;
}
