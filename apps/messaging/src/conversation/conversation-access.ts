import type { EntityManager } from 'typeorm';
import type { Principal } from '@amtsweg/platform';
import type { UserDirectory } from '../directory/user-directory';
import { ConversationErrors, type ConversationView } from './conversation';
import type { ConversationRepository } from './conversation.repository';

/**
 * The conversation as the caller sees it: 404 unless they belong to it, in their tenant. To anyone
 * else it does not exist, so that ids of others' conversations reveal nothing.
 */
export async function requireVisibleConversation(
  conversations: ConversationRepository,
  manager: EntityManager,
  caller: Principal,
  conversationId: string,
): Promise<ConversationView> {
  const conversation = await conversations.findForMember(manager, caller.tenant, conversationId, caller.userId);
  if (!conversation) throw ConversationErrors.notFound();
  return conversation;
}

/** The same 404 as `requireVisibleConversation`, cheaper (no member list, no unread count): every post, read and search starts here. */
export async function requireMembership(
  conversations: ConversationRepository,
  manager: EntityManager,
  caller: Principal,
  conversationId: string,
): Promise<void> {
  if (!(await conversations.isMember(manager, caller.tenant, conversationId, caller.userId))) throw ConversationErrors.notFound();
}

/** 422 naming `field` unless every one of `userIds` is a user of the tenant. */
export async function requireTenantUsers(
  directory: UserDirectory,
  tenant: string,
  userIds: readonly string[],
  field: string,
): Promise<void> {
  for (const userId of userIds) {
    if (!(await directory.exists(tenant, userId))) throw ConversationErrors.unknownMember(field, userId);
  }
}
