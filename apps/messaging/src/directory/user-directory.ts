import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { CachedPersonStatus, dataSourceToken, DeactivatedPeople, type Role } from '@amtsweg/platform';
import type { Person } from './person';
import { PersonRepository } from './person.repository';

export interface DirectoryUser {
  id: string;
  email: string;
  /** For colleagues' eyes (conversations): never put in events, mails to citizens or logs. */
  name: string;
}

/**
 * Who the users of a tenant are: to check the members someone adds to a conversation, and to find
 * whom a process's news concerns (e.g. the tenant's it-admins). Only active people: a deactivated
 * person cannot be named, is not told anything and gets no mail. Inside a transaction (a consumer's
 * inbox transaction) pass its `manager`: on the embedded database another query would wait for it.
 */
export abstract class UserDirectory {
  abstract exists(tenant: string, userId: string): Promise<boolean>;
  abstract find(tenant: string, userId: string, manager?: EntityManager): Promise<DirectoryUser | undefined>;
  abstract withRole(tenant: string, role: Role, manager?: EntityManager): Promise<DirectoryUser[]>;
  /** Everyone active of the tenant, by name: whom one can start a conversation with. */
  abstract all(tenant: string): Promise<DirectoryUser[]>;
}

const user = (person: Person): DirectoryUser => ({ id: person.id, email: person.email, name: person.name });

/** The directory messaging owns (`messaging.person`), read for the other use cases of this service. */
@Injectable()
export class PersonTableDirectory extends UserDirectory implements OnModuleInit {
  /** Checked for every signed-in request (AuthGuard): cheap, and forgotten at once on a change here. */
  readonly status: CachedPersonStatus;

  constructor(
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    private readonly people: PersonRepository,
    private readonly deactivatedPeople: DeactivatedPeople,
  ) {
    super();
    this.status = new CachedPersonStatus((tenant, userId) => this.people.isDeactivated(this.dataSource.manager, tenant, userId));
  }

  onModuleInit(): void {
    this.deactivatedPeople.register(this.status);
  }

  async exists(tenant: string, userId: string): Promise<boolean> {
    return (await this.find(tenant, userId)) !== undefined;
  }

  async find(tenant: string, userId: string, manager = this.dataSource.manager): Promise<DirectoryUser | undefined> {
    const person = await this.people.find(manager, tenant, userId);
    return person?.active ? user(person) : undefined;
  }

  async withRole(tenant: string, role: Role, manager = this.dataSource.manager): Promise<DirectoryUser[]> {
    if (role === 'provider-admin') return [];
    return (await this.people.list(manager, tenant, { role })).map(user);
  }

  async all(tenant: string): Promise<DirectoryUser[]> {
    return (await this.people.list(this.dataSource.manager, tenant)).map(user);
  }
}
