/**
 * One line saying what went wrong, for logs and dead-letter headers. Nest's RPC exception filter
 * turns a handler's error into a plain `{ status, message }` object, hence the second case.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { message } = error;
    return typeof message === 'string' ? message : JSON.stringify(message);
  }
  return String(error);
}
