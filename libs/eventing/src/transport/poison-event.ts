/**
 * Thrown by a handler for an event that can never be handled, however often it is tried (say, its
 * sealed part does not open with any key this service holds): the consumer dead-letters it at
 * once instead of retrying, and later events flow. The message goes into `x-dlq-error`, so it
 * names ids and reasons, never personal data.
 */
export class PoisonEvent extends Error {}
