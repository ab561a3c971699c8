import { AdminAudit } from '@amtsweg/eventing';
import type { AdminActor } from '@amtsweg/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock, dataSourceToken, isConcurrencyConflict, type Principal } from '@amtsweg/platform';
import { changed, emailKey, type Person, type PersonChange, personAuditView } from '../person';
import { PersonErrors } from '../person-errors';
import { PersonEvents } from '../person-events';
import { PersonRepository } from '../person.repository';
import { PersonTableDirectory } from '../user-directory';

/**
 * Renames a person, changes their roles, address or external id (SCIM), deactivates or reactivates them. Deactivating publishes
 * `person.deactivated` (tokens refused, nobody can name them; signatures tells the requesters of
 * their open steps, devices lists what they hold); any other change `person.upserted`.
 */
@Injectable()
export class UpdatePersonHandler {
  private readonly logger = new Logger(UpdatePersonHandler.name);

  constructor(
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    private readonly people: PersonRepository,
    private readonly events: PersonEvents,
    private readonly directory: PersonTableDirectory,
    private readonly clock: Clock,
    private readonly audit: AdminAudit,
  ) {}

  async execute(caller: Principal, personId: string, change: PersonChange): Promise<Person> {
    // A tenant-admin who shuts themselves out leaves a municipality nobody can administer.
    if (personId === caller.userId && (change.active === false || (change.roles && !change.roles.includes('tenant-admin'))))
      throw PersonErrors.ownAccess();
    try {
      return (
        await this.dataSource.transaction((manager) =>
          this.apply(manager, caller.tenant, personId, change, { userId: caller.userId, role: 'tenant-admin' }),
        )
      ).person;
    } catch (error) {
      if (isConcurrencyConflict(error)) throw PersonErrors.concurrentChange();
      throw error;
    } finally {
      // This instance refuses a deactivated person's tokens at once; others within the cache's lifetime.
      this.directory.status.forget(caller.tenant, personId);
    }
  }

  /** Inside the caller's transaction (the CSV import's row); 404 for a person the tenant does not have. */
  async apply(
    manager: EntityManager,
    tenant: string,
    personId: string,
    change: PersonChange,
    actor?: AdminActor,
  ): Promise<{ person: Person; differs: boolean }> {
    const person = await this.people.find(manager, tenant, personId, { forUpdate: true });
    if (!person) throw PersonErrors.notFound();
    const { person: next, differs } = changed(person, change, this.clock.now());
    if (!differs) return { person, differs };
    if (emailKey(next.email) !== emailKey(person.email) && (await this.people.findByEmail(manager, tenant, next.email)))
      throw PersonErrors.emailTaken();
    await this.people.update(manager, next);
    if (person.active && !next.active) await this.events.deactivated(manager, next);
    else await this.events.upserted(manager, next);
    if (actor) {
      await this.audit.record(manager, {
        tenant,
        actor,
        action: person.active && !next.active ? 'person.deactivated' : 'person.updated',
        subject: { type: 'person', id: next.id },
        before: personAuditView(person),
        after: personAuditView(next),
      });
    }
    this.logger.log(`person ${next.id} of ${tenant} changed${person.active && !next.active ? ': deactivated' : ''}`);
    this.directory.status.forget(tenant, personId);
    return { person: next, differs };
  }
}
