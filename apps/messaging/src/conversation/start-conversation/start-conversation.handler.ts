import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { dataSourceToken, newId, type Principal } from '@amtsweg/platform';
import { UserDirectory } from '../../directory/user-directory';
import { assertDirectPartner, ConversationErrors, directKey, membersWithCreator, type ConversationView } from '../conversation';
import { requireTenantUsers, requireVisibleConversation } from '../conversation-access';
import { ConversationRepository } from '../conversation.repository';

/** A direct conversation with one other person, or a group the caller creates. */
export type StartConversation = { kind: 'direct'; memberId: string } | { kind: 'group'; name: string; memberIds: string[] };

/**
 * Starts a conversation among users of the caller's tenant. A pair has one direct conversation:
 * asking again, from either side, gives the existing one back (`created` false).
 */
@Injectable()
export class StartConversationHandler {
  constructor(
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    private readonly conversations: ConversationRepository,
    private readonly directory: UserDirectory,
  ) {}

  async execute(caller: Principal, start: StartConversation): Promise<{ conversation: ConversationView; created: boolean }> {
    if (start.kind === 'direct') return this.openDirect(caller, start.memberId);
    return { conversation: await this.createGroup(caller, start.name, start.memberIds), created: true };
  }

  private async openDirect(caller: Principal, otherUserId: string): Promise<{ conversation: ConversationView; created: boolean }> {
    assertDirectPartner(caller.userId, otherUserId);
    await requireTenantUsers(this.directory, caller.tenant, [otherUserId], 'memberId');
    const key = directKey(caller.userId, otherUserId);
    const created = await this.dataSource.transaction(async (manager) => {
      const id = newId();
      if (!(await this.conversations.insertDirect(manager, { id, tenant: caller.tenant, createdBy: caller.userId, directKey: key })))
        return false;
      await this.conversations.addMembers(manager, caller.tenant, id, [caller.userId, otherUserId]);
      return true;
    });
    // Whoever inserted it (this call or a concurrent one from either side), the pair's conversation is there now.
    const id = await this.conversations.findDirectId(this.dataSource.manager, caller.tenant, key);
    if (!id) throw ConversationErrors.notFound();
    return { conversation: await requireVisibleConversation(this.conversations, this.dataSource.manager, caller, id), created };
  }

  private async createGroup(caller: Principal, name: string, memberIds: string[]): Promise<ConversationView> {
    const members = membersWithCreator(caller.userId, memberIds);
    await requireTenantUsers(
      this.directory,
      caller.tenant,
      members.filter((member) => member !== caller.userId),
      'memberIds',
    );
    const id = newId();
    await this.dataSource.transaction(async (manager) => {
      await this.conversations.insertGroup(manager, { id, tenant: caller.tenant, name: name.trim(), createdBy: caller.userId });
      await this.conversations.addMembers(manager, caller.tenant, id, members);
    });
    return requireVisibleConversation(this.conversations, this.dataSource.manager, caller, id);
  }
}
