import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { dataSourceToken, type Principal } from '@amtsweg/platform';
import type { ConversationView } from '../conversation';
import { requireVisibleConversation } from '../conversation-access';
import { ConversationRepository } from '../conversation.repository';

/** One conversation of the caller's, with its members and the caller's unread count. */
@Injectable()
export class ViewConversationHandler {
  constructor(
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    private readonly conversations: ConversationRepository,
  ) {}

  async execute(caller: Principal, id: string): Promise<ConversationView> {
    return requireVisibleConversation(this.conversations, this.dataSource.manager, caller, id);
  }
}
