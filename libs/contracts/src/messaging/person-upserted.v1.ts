import { PersonEvent } from './person-event';

/** A person was added to the directory or changed (name, roles, e-mail, reactivated): the whole record. */
export class PersonUpsertedV1 extends PersonEvent {
  static readonly type = 'de.amtsweg.messaging.person.upserted.v1';
  static readonly topic = 'messaging.person';
}
