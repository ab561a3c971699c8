import { AdminAudit } from '@amtsweg/eventing';
import type { AdminActor } from '@amtsweg/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock, dataSourceToken, isConcurrencyConflict, newId, PlatformConfig } from '@amtsweg/platform';
import { OutboundMailLog } from '../../mail/outbound-mail-log';
import { invitationMail } from '../invitation-mail';
import { personAuditView, type Person, type PersonRole } from '../person';
import { PersonErrors } from '../person-errors';
import { PersonEvents } from '../person-events';
import { PersonRepository } from '../person.repository';

export interface NewPerson {
  tenant: string;
  email: string;
  name: string;
  roles: PersonRole[];
  externalId?: string;
  /** A stable id (the demo people); otherwise a new one. */
  id?: string;
}

/**
 * Adds a person to a tenant's directory: the row, `person.upserted` for the services that project
 * the directory, and — unless told otherwise (the demo people) — the invitation mail with the
 * sign-in link, all in one transaction. The only way a person comes into being: by hand, by CSV
 * import, and the demo people at start.
 */
@Injectable()
export class CreatePersonHandler {
  private readonly logger = new Logger(CreatePersonHandler.name);

  constructor(
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    private readonly people: PersonRepository,
    private readonly events: PersonEvents,
    private readonly mails: OutboundMailLog,
    private readonly config: PlatformConfig,
    private readonly clock: Clock,
    private readonly audit: AdminAudit,
  ) {}

  /** 409 `PERSON.EMAIL_TAKEN` when the tenant has someone with this address (any case). */
  async execute(person: NewPerson, actor: AdminActor): Promise<Person> {
    try {
      const created = await this.dataSource.transaction((manager) => this.create(manager, person, { invite: true, actor }));
      if (!created) throw PersonErrors.emailTaken();
      return created;
    } catch (error) {
      if (isConcurrencyConflict(error)) throw PersonErrors.emailTaken();
      throw error;
    }
  }

  /** The new person, or undefined when the id or the address is taken (nothing written then). */
  async create(manager: EntityManager, input: NewPerson, options: { invite: boolean; actor?: AdminActor }): Promise<Person | undefined> {
    const now = this.clock.now();
    const person: Person = {
      id: input.id ?? newId(),
      tenant: input.tenant,
      email: input.email.trim(),
      name: input.name.trim(),
      roles: input.roles,
      active: true,
      externalId: input.externalId ?? null,
      createdAt: now,
      updatedAt: now,
    };
    if (!(await this.people.insert(manager, person))) return undefined;
    await this.events.upserted(manager, person);
    if (options.actor) {
      await this.audit.record(manager, {
        tenant: person.tenant,
        actor: options.actor,
        action: 'person.created',
        subject: { type: 'person', id: person.id },
        before: null,
        after: personAuditView(person),
      });
    }
    if (options.invite)
      await this.mails.add(
        manager,
        { tenant: person.tenant, eventId: `invitation:${person.id}` },
        invitationMail(person, this.config.publicUrl),
      );
    this.logger.log(`person ${person.id} added to ${person.tenant}`);
    return person;
  }

  /** The demo people at start: created through the same path once, left as they are afterwards. */
  async ensure(person: NewPerson & { id: string }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (await this.people.find(manager, person.tenant, person.id)) return;
      await this.create(manager, person, { invite: false });
    });
  }
}
