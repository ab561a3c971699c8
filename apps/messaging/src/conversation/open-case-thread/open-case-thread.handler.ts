import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { newId } from '@amtsweg/platform';
import { membersWithCreator, type CaseKind } from '../conversation';
import { ConversationRepository } from '../conversation.repository';

export interface OpenCaseThread {
  tenant: string;
  kase: { kind: CaseKind; id: string };
  name: string;
  createdBy: string;
  /** As the producing service names them: its event is the authority on who takes part in its case. */
  memberIds: string[];
}

/**
 * A case's thread, opened by the event that started the case, in the consumer's inbox transaction
 * (`manager`). One thread per case: false when it was opened before (a redelivered event).
 */
@Injectable()
export class OpenCaseThreadHandler {
  constructor(private readonly conversations: ConversationRepository) {}

  async execute(manager: EntityManager, thread: OpenCaseThread): Promise<boolean> {
    const id = newId();
    const opened = await this.conversations.insertCase(manager, {
      id,
      tenant: thread.tenant,
      kase: thread.kase,
      name: thread.name,
      createdBy: thread.createdBy,
    });
    if (!opened) return false;
    await this.conversations.addMembers(manager, thread.tenant, id, membersWithCreator(thread.createdBy, thread.memberIds));
    return true;
  }
}
