import { Injectable } from '@nestjs/common';
import { DEMO_USERS, type Role } from '@amtsweg/platform';

export interface DirectoryUser {
  id: string;
  email: string;
  /** For colleagues' eyes (conversations): never put in events, mails to citizens or logs. */
  name: string;
}

/**
 * Who the users of a tenant are: to check the members someone adds to a conversation, and to find
 * whom a process's news concerns (e.g. the tenant's it-admins). There is no directory service yet:
 * the development directory answers from the seeded demo users; production needs one fed by the
 * identity provider (as in signatures).
 */
export abstract class UserDirectory {
  abstract exists(tenant: string, userId: string): Promise<boolean>;
  abstract find(tenant: string, userId: string): Promise<DirectoryUser | undefined>;
  abstract withRole(tenant: string, role: Role): Promise<DirectoryUser[]>;
  /** Everyone of the tenant, by name: whom one can start a conversation with. */
  abstract all(tenant: string): Promise<DirectoryUser[]>;
}

@Injectable()
export class DemoUserDirectory extends UserDirectory {
  async exists(tenant: string, userId: string): Promise<boolean> {
    return (await this.find(tenant, userId)) !== undefined;
  }

  async find(tenant: string, userId: string): Promise<DirectoryUser | undefined> {
    const user = DEMO_USERS.find((u) => u.tenant === tenant && u.id === userId);
    return user && { id: user.id, email: user.email, name: user.name };
  }

  async withRole(tenant: string, role: Role): Promise<DirectoryUser[]> {
    return DEMO_USERS.filter((u) => u.tenant === tenant && u.roles.includes(role)).map((u) => ({ id: u.id, email: u.email, name: u.name }));
  }

  async all(tenant: string): Promise<DirectoryUser[]> {
    return DEMO_USERS.filter((u) => u.tenant === tenant)
      .map((u) => ({ id: u.id, email: u.email, name: u.name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'de'));
  }
}
