import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { PeopleProjection } from '@amtsweg/eventing';
import { dataSourceToken, DeactivatedPeople, TenantSignIn } from '@amtsweg/platform';

/** An employee as the handover protocol names them. */
export interface DirectoryUser {
  userId: string;
  email: string;
  name: string;
}

/**
 * Who the users of a tenant are: this service's copy of messaging's people directory
 * (`devices.person`, fed by the person events). Active people only: a deactivated person cannot be
 * handed devices or sign a return. Inside a transaction pass its `manager`.
 */
export abstract class UserDirectory {
  abstract find(tenant: string, userId: string, manager?: EntityManager): Promise<DirectoryUser | undefined>;
}

/** The projection, and the check of every signed-in request against it (AuthGuard). */
@Injectable()
export class DevicesPeople extends PeopleProjection implements OnModuleInit {
  constructor(
    @Inject(dataSourceToken('devices')) dataSource: DataSource,
    private readonly deactivatedPeople: DeactivatedPeople,
    private readonly signIn: TenantSignIn,
  ) {
    super('devices', () => dataSource.manager);
  }

  onModuleInit(): void {
    this.registerWith(this.deactivatedPeople);
    this.signInWith(this.signIn);
  }
}

@Injectable()
export class ProjectedUserDirectory extends UserDirectory {
  constructor(
    @Inject(dataSourceToken('devices')) private readonly dataSource: DataSource,
    private readonly people: DevicesPeople,
  ) {
    super();
  }

  async find(tenant: string, userId: string, manager = this.dataSource.manager): Promise<DirectoryUser | undefined> {
    const person = await this.people.find(manager, tenant, userId);
    return person?.active ? { userId: person.id, email: person.email, name: person.name } : undefined;
  }
}
