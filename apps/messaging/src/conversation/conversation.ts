import { DomainError } from '@amtsweg/platform';

/** The kinds of case a case thread belongs to. */
export const CASE_KINDS = ['signature-request', 'device-request'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export type ConversationKind = 'direct' | 'group' | 'case';

export interface ConversationView {
  id: string;
  kind: ConversationKind;
  /** A group's or case thread's name; null for a direct conversation. */
  name: string | null;
  case: { kind: CaseKind; id: string } | null;
  createdBy: string;
  memberIds: string[];
  createdAt: string;
  lastActivityAt: string;
  /** Messages of others after the caller's read mark (tombstones not counted). */
  unreadCount: number;
}

export interface MessageView {
  id: string;
  conversationId: string;
  authorId: string;
  /** null once deleted (a tombstone). */
  body: string | null;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  /** Reactions given, in the order of REACTIONS, with how many and whether the viewer gave it. */
  reactions: ReactionCount[];
}

/** The fixed set of reactions, by name (the path carries names, never raw emoji). */
export const REACTIONS = ['thumbs-up', 'heart', 'smile', 'tada', 'eyes', 'check'] as const;
export type ReactionName = (typeof REACTIONS)[number];

export interface ReactionCount {
  name: ReactionName;
  count: number;
  /** Whether the person viewing gave this reaction. */
  mine: boolean;
}

export function assertReactionName(name: string): asserts name is ReactionName {
  if (!(REACTIONS as readonly string[]).includes(name)) {
    throw DomainError.notFound('REACTION.UNKNOWN', 'No such reaction.');
  }
}

/** A tombstone takes no reactions. */
export function assertMayReact(message: MessageState): void {
  if (message.deletedAt) throw DomainError.conflict('MESSAGE.DELETED', 'The message was deleted.');
}

/** What the edit and delete rules look at: who wrote the message, when, and whether it is gone. */
export interface MessageState {
  authorId: string;
  createdAt: Date;
  deletedAt: Date | null;
}

export const MAX_MESSAGE_CHARS = 10_000;
export const EDIT_WINDOW_MINUTES = 15;
const EDIT_WINDOW_MS = EDIT_WINDOW_MINUTES * 60_000;

/** The pair's key: the same two people always find the same direct conversation. */
export function directKey(a: string, b: string): string {
  return [a, b].sort().join('|');
}

/** A direct conversation is between two people: never with oneself. */
export function assertDirectPartner(callerId: string, otherUserId: string): void {
  if (otherUserId === callerId) {
    throw DomainError.unprocessable('CONVERSATION.SELF', 'A direct conversation needs another person.', [
      { field: 'memberId', message: 'must not be yourself' },
    ]);
  }
}

/** Who belongs to a new group or case thread: its creator always, then everyone named, each once. */
export function membersWithCreator(creatorId: string, memberIds: readonly string[]): string[] {
  return [...new Set([creatorId, ...memberIds])];
}

/** Only a group's creator adds members; direct conversations and case threads keep theirs. */
export function assertMayAddMembers(conversation: Pick<ConversationView, 'kind' | 'createdBy'>, callerId: string): void {
  if (conversation.kind !== 'group')
    throw DomainError.conflict('CONVERSATION.NOT_A_GROUP', 'Members can be added to group conversations only.');
  if (conversation.createdBy !== callerId)
    throw DomainError.forbidden('CONVERSATION.NOT_CREATOR', "Only the group's creator manages its members.");
}

/** 1 to MAX_MESSAGE_CHARS characters (code points, so an umlaut or emoji counts once), not blank. */
export function assertMessageBody(body: string): void {
  const chars = [...body].length;
  if (body.trim() === '' || chars > MAX_MESSAGE_CHARS) {
    throw DomainError.badRequest('REQUEST.INVALID', 'Some fields of the request are missing or invalid.', [
      { field: 'body', message: `must be 1 to ${MAX_MESSAGE_CHARS} characters and not blank` },
    ]);
  }
}

/** Posted less than EDIT_WINDOW_MINUTES before `now`: at exactly 15 minutes the window has closed. */
export function withinEditWindow(createdAt: Date, now: Date): boolean {
  return createdAt.getTime() > now.getTime() - EDIT_WINDOW_MS;
}

/** Its author edits a message, while it exists, within EDIT_WINDOW_MINUTES of posting. */
export function assertMayEdit(message: MessageState, callerId: string, now: Date): void {
  if (message.authorId !== callerId) throw DomainError.forbidden('MESSAGE.NOT_AUTHOR', 'Only the author edits a message.');
  if (message.deletedAt) throw DomainError.conflict('MESSAGE.DELETED', 'The message was deleted.');
  if (!withinEditWindow(message.createdAt, now))
    throw DomainError.conflict('MESSAGE.EDIT_WINDOW_CLOSED', `A message can be edited within ${EDIT_WINDOW_MINUTES} minutes of posting.`);
}

/** Its author deletes a message, once; there is no time limit. */
export function assertMayDelete(message: MessageState, callerId: string): void {
  if (message.authorId !== callerId) throw DomainError.forbidden('MESSAGE.NOT_AUTHOR', 'Only the author deletes a message.');
  if (message.deletedAt) throw DomainError.conflict('MESSAGE.DELETED', 'The message was deleted already.');
}

export const ConversationErrors = {
  /** Also what a non-member or another tenant gets: a conversation one may not see does not exist for them. */
  notFound: () => DomainError.notFound('CONVERSATION.NOT_FOUND', 'No such conversation.'),
  messageNotFound: () => DomainError.notFound('MESSAGE.NOT_FOUND', 'No such message in this conversation.'),
  unknownMention: (userId: string) =>
    DomainError.unprocessable('MESSAGE.UNKNOWN_MENTION', 'Only active members of the conversation can be mentioned.', [
      { field: 'mentions', message: `no member "${userId.slice(0, 64)}" here` },
    ]),
  unknownMember: (field: string, userId: string) =>
    DomainError.unprocessable('CONVERSATION.UNKNOWN_MEMBER', 'Members must be users of this municipality.', [
      { field, message: `no user "${userId.slice(0, 64)}" here` },
    ]),
};
