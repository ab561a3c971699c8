/**
 * The id of messaging's event consumer transport: handlers name it in
 * `@EventPattern(type, MESSAGING_TRANSPORT)`, the bootstrap in `connectEventConsumer(app, { transportId })`.
 */
export const MESSAGING_TRANSPORT = Symbol('messaging');
