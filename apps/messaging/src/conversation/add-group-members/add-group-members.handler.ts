import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { dataSourceToken, type Principal } from '@amtsweg/platform';
import { UserDirectory } from '../../directory/user-directory';
import { assertMayAddMembers, type ConversationView } from '../conversation';
import { requireTenantUsers, requireVisibleConversation } from '../conversation-access';
import { ConversationRepository } from '../conversation.repository';

/** A group's creator adds users of the tenant to it; those already in it stay as they are. */
@Injectable()
export class AddGroupMembersHandler {
  constructor(
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    private readonly conversations: ConversationRepository,
    private readonly directory: UserDirectory,
  ) {}

  async execute(caller: Principal, id: string, userIds: string[]): Promise<ConversationView> {
    assertMayAddMembers(await requireVisibleConversation(this.conversations, this.dataSource.manager, caller, id), caller.userId);
    await requireTenantUsers(this.directory, caller.tenant, userIds, 'userIds');
    await this.dataSource.transaction((manager) => this.conversations.addMembers(manager, caller.tenant, id, userIds));
    return requireVisibleConversation(this.conversations, this.dataSource.manager, caller, id);
  }
}
