import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  dataSourceToken,
  TenantSignIn,
  type PersonLookup,
  type SignInClaims,
  type TenantIdentity,
  type TenantIdentitySource,
} from '@amtsweg/platform';
import { CreatePersonHandler } from '../create-person/create-person.handler';
import { emailKey, personRoles } from '../person';
import { PersonRepository } from '../person.repository';
import { TenantIdentityRepository } from './tenant-identity.repository';

type SignedInPerson = { id: string; active: boolean };

/**
 * Messaging's part in signing in with a municipality's own issuer: the issuers come from its own
 * table, and the person from its directory — a person the directory does not know yet, with an
 * address the issuer verified, is created just in time with the mapped roles (through the create-person
 * use case, so `person.upserted` goes out; no invitation mail: they have just signed in). Registered
 * first, so that in a process with several services the directory answers before the copies.
 */
@Injectable()
export class DirectorySignIn implements OnModuleInit, TenantIdentitySource, PersonLookup {
  private readonly logger = new Logger(DirectorySignIn.name);
  /** Two first requests of one person at once (the workspace loads several things): one creation, both wait for it. */
  private readonly creating = new Map<string, Promise<SignedInPerson | undefined>>();

  constructor(
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    private readonly identities: TenantIdentityRepository,
    private readonly people: PersonRepository,
    private readonly createPerson: CreatePersonHandler,
    private readonly signIn: TenantSignIn,
  ) {}

  onModuleInit(): void {
    this.signIn.register({ identities: this, people: this }, { first: true });
  }

  findByIssuer(issuer: string): Promise<TenantIdentity | undefined> {
    return this.identities.findByIssuer(this.dataSource.manager, issuer);
  }

  async personFor(claims: SignInClaims): Promise<SignedInPerson | undefined> {
    const known = await this.people.findByEmail(this.dataSource.manager, claims.tenant, claims.email);
    if (known) return { id: known.id, active: known.active };
    const key = `${claims.tenant}\u0000${emailKey(claims.email)}`;
    let pending = this.creating.get(key);
    if (!pending) {
      pending = this.createJustInTime(claims).finally(() => this.creating.delete(key));
      this.creating.set(key, pending);
    }
    return pending;
  }

  private async createJustInTime(claims: SignInClaims): Promise<SignedInPerson | undefined> {
    const created = await this.dataSource.transaction((manager) =>
      this.createPerson.create(
        manager,
        {
          tenant: claims.tenant,
          email: claims.email,
          // Colleagues see the name; the address's local part stands in when the token names none.
          name: claims.name ?? claims.email.split('@')[0],
          roles: personRoles(claims.roles) ?? [],
        },
        { invite: false },
      ),
    );
    if (created) {
      this.logger.log(`person ${created.id} of ${claims.tenant} created at their first sign-in with the municipality's issuer`);
      return { id: created.id, active: created.active };
    }
    // Another instance created them a moment ago (the address is unique within the tenant).
    const existing = await this.people.findByEmail(this.dataSource.manager, claims.tenant, claims.email);
    return existing && { id: existing.id, active: existing.active };
  }
}
