import { CommitSignal } from '@amtsweg/platform';

/** Marks a transaction that appended to the outbox; its commit wakes the service's OutboxRelay. */
export const outboxWritten = new CommitSignal('amtsweg.eventing.outboxWritten');
