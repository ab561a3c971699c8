import { Injectable } from '@nestjs/common';
import { DEMO_USERS } from '@amtsweg/platform';

/**
 * Who the users of a tenant are, to check the members someone adds to a conversation. There is no
 * directory service yet: the development directory answers from the seeded demo users; production
 * needs one fed by the identity provider (as in signatures).
 */
export abstract class UserDirectory {
  abstract exists(tenant: string, userId: string): Promise<boolean>;
}

@Injectable()
export class DemoUserDirectory extends UserDirectory {
  async exists(tenant: string, userId: string): Promise<boolean> {
    return DEMO_USERS.some((user) => user.tenant === tenant && user.id === userId);
  }
}
