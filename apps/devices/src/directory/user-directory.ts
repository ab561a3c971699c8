import { Injectable } from '@nestjs/common';
import { DEMO_USERS } from '@amtsweg/platform';

/** An employee as the handover protocol names them. */
export interface DirectoryUser {
  userId: string;
  email: string;
  name: string;
}

/**
 * Who the users of a tenant are. There is no directory service yet: the development directory
 * answers from the seeded demo users; production needs one fed by the identity provider.
 */
export abstract class UserDirectory {
  abstract find(tenant: string, userId: string): Promise<DirectoryUser | undefined>;
}

@Injectable()
export class DemoUserDirectory extends UserDirectory {
  async find(tenant: string, userId: string): Promise<DirectoryUser | undefined> {
    const user = DEMO_USERS.find((u) => u.tenant === tenant && u.id === userId);
    return user ? { userId: user.id, email: user.email, name: user.name } : undefined;
  }
}
