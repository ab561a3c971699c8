import { AsyncLocalStorage } from 'node:async_hooks';
import type { TraceContext } from '../tracing/trace-context';

/** What follows one unit of work (an HTTP request, a consumed event) through async code. */
export interface WorkContext {
  correlationId: string;
  /** The event that caused this work, when an event did. */
  causationId?: string;
  tenantId?: string;
  /** The W3C trace this work belongs to (from `traceparent`, or a new one). */
  trace?: TraceContext;
}

const storage = new AsyncLocalStorage<WorkContext>();

export function runInContext<T>(context: WorkContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentContext(): WorkContext | undefined {
  return storage.getStore();
}

/**
 * Runs `work` outside any unit of work. For background loops woken by a request (a timer set in a
 * commit hook inherits the request's context): their log lines must not carry its correlation id.
 */
export function outsideContext<T>(work: () => T): T {
  return storage.exit(work);
}
