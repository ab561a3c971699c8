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
}

export const MAX_MESSAGE_CHARS = 10_000;
export const EDIT_WINDOW_MINUTES = 15;

/** The pair's key: the same two people always find the same direct conversation. */
export function directKey(a: string, b: string): string {
  return [a, b].sort().join('|');
}
