import { Injectable } from '@nestjs/common';
import { DEMO_USERS } from '@amtsweg/platform';

/** A user of a tenant as the signatures service needs them: to name them as signer and in their certificate. */
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
  /** By user id or (case-insensitive) e-mail address, only within `tenant`. */
  abstract find(tenant: string, idOrEmail: string): Promise<DirectoryUser | undefined>;
}

@Injectable()
export class DemoUserDirectory extends UserDirectory {
  async find(tenant: string, idOrEmail: string): Promise<DirectoryUser | undefined> {
    const wanted = idOrEmail.trim().toLowerCase();
    const user = DEMO_USERS.find((u) => u.tenant === tenant && (u.id === wanted || u.email === wanted));
    return user ? { userId: user.id, email: user.email, name: user.name } : undefined;
  }
}
