import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DEMO_USERS, PlatformConfig } from '@amtsweg/platform';
import { CreatePersonHandler } from './create-person/create-person.handler';
import { personRoles } from './person';

/**
 * Outside production the demo people (stable ids) exist at every start, created through the same
 * use case as anyone else — so `person.upserted` tells the other services about them — and left as
 * they are once there (no invitation mail: nobody reads demo addresses).
 */
@Injectable()
export class DemoPeople implements OnApplicationBootstrap {
  constructor(
    private readonly config: PlatformConfig,
    private readonly create: CreatePersonHandler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.production) return;
    for (const user of DEMO_USERS)
      await this.create.ensure({
        id: user.id,
        tenant: user.tenant,
        email: user.email,
        name: user.name,
        roles: personRoles(user.roles) ?? [],
      });
  }
}
