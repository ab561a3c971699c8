import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { PeopleProjection, type ProjectedPerson } from '@amtsweg/eventing';
import { dataSourceToken, DeactivatedPeople, TenantSignIn } from '@amtsweg/platform';

/** A user of a tenant as the signatures service needs them: to name them as signer and in their certificate. */
export interface DirectoryUser {
  userId: string;
  email: string;
  name: string;
}

/**
 * Who the users of a tenant are: this service's copy of messaging's people directory
 * (`signatures.person`, fed by the person events). `find` answers active people only — whom one may
 * name as a signer; `named` also the deactivated, for what they did before (certificates).
 * Inside a transaction pass its `manager` (on the embedded database another query would wait for it).
 */
export abstract class UserDirectory {
  /** By user id or (case-insensitive) e-mail address, only within `tenant`, active people only. */
  abstract find(tenant: string, idOrEmail: string, manager?: EntityManager): Promise<DirectoryUser | undefined>;
  /** By user id, deactivated people too. */
  abstract named(tenant: string, userId: string, manager?: EntityManager): Promise<DirectoryUser | undefined>;
}

const user = (person: ProjectedPerson): DirectoryUser => ({ userId: person.id, email: person.email, name: person.name });

/** The projection, and the check of every signed-in request against it (AuthGuard). */
@Injectable()
export class SignaturesPeople extends PeopleProjection implements OnModuleInit {
  constructor(
    @Inject(dataSourceToken('signatures')) dataSource: DataSource,
    private readonly deactivatedPeople: DeactivatedPeople,
    private readonly signIn: TenantSignIn,
  ) {
    super('signatures', () => dataSource.manager);
  }

  onModuleInit(): void {
    this.registerWith(this.deactivatedPeople);
    this.signInWith(this.signIn);
  }
}

@Injectable()
export class ProjectedUserDirectory extends UserDirectory {
  constructor(
    @Inject(dataSourceToken('signatures')) private readonly dataSource: DataSource,
    private readonly people: SignaturesPeople,
  ) {
    super();
  }

  async find(tenant: string, idOrEmail: string, manager = this.dataSource.manager): Promise<DirectoryUser | undefined> {
    const wanted = idOrEmail.trim();
    const person = wanted.includes('@')
      ? await this.people.findByEmail(manager, tenant, wanted)
      : await this.people.find(manager, tenant, wanted.toLowerCase());
    return person?.active ? user(person) : undefined;
  }

  async named(tenant: string, userId: string, manager = this.dataSource.manager): Promise<DirectoryUser | undefined> {
    const person = await this.people.find(manager, tenant, userId);
    return person && user(person);
  }
}
