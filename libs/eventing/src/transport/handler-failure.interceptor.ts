import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { catchError, throwError, type Observable } from 'rxjs';
import { EventContext } from './event-context';

const failures = new WeakMap<EventContext, unknown>();

/**
 * Keeps an event handler's own error: Nest's RPC exception filter, which runs after interceptors,
 * replaces any error but an RpcException by "Internal server error" — useless in a dead-letter
 * header. Passive everywhere else (HTTP, other transports).
 */
@Injectable()
export class HandlerFailureInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const eventContext: unknown = context.getType() === 'rpc' ? context.switchToRpc().getContext() : undefined;
    if (!(eventContext instanceof EventContext)) return next.handle();
    return next.handle().pipe(
      catchError((error: unknown) => {
        failures.set(eventContext, error);
        return throwError(() => error);
      }),
    );
  }
}

/** The error the handler itself threw for this context, if the interceptor saw one. */
export function originalHandlerError(context: EventContext): unknown {
  return failures.get(context);
}
