import { PersonEvent } from './person-event';

/**
 * A person was deactivated: their tokens are refused from now on and nobody can name them any more.
 * The whole record still travels (with `active: false`): their name stays on what they did.
 */
export class PersonDeactivatedV1 extends PersonEvent {
  static readonly type = 'de.amtsweg.messaging.person.deactivated.v1';
  static readonly topic = 'messaging.person';
}
