import { BaseRpcContext } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import type { CloudEvent } from '../envelope';

/**
 * What an `@EventPattern` handler gets besides the validated payload (`@Ctx() context: EventContext`).
 *
 * `manager` is the transaction in which the consumer's inbox records this event: the handler MUST
 * make every read and write through it (and append follow-up events with `Outbox.append(manager, …)`),
 * so that the effect and the inbox row commit together. On the embedded database it is also the
 * only way in: the transaction holds the one session, and any other query waits for it forever.
 */
export class EventContext extends BaseRpcContext<[CloudEvent, EntityManager]> {
  constructor(envelope: CloudEvent, manager: EntityManager) {
    super([envelope, manager]);
  }

  get envelope(): CloudEvent {
    return this.args[0];
  }

  get manager(): EntityManager {
    return this.args[1];
  }
}
