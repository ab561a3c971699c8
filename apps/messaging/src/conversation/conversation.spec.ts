import fc from 'fast-check';
import { DomainError } from '@amtsweg/platform';
import {
  assertDirectPartner,
  assertMayAddMembers,
  assertMayDelete,
  assertMayEdit,
  assertMessageBody,
  directKey,
  EDIT_WINDOW_MINUTES,
  MAX_MESSAGE_CHARS,
  membersWithCreator,
  withinEditWindow,
  type ConversationKind,
  type MessageState,
} from './conversation';

const MINUTE = 60_000;
const POSTED = new Date('2026-12-07T10:00:00.000Z');
const AUTHOR = 'author-1';

/** `allowed`, or the refusal's status and code. */
function outcome(action: () => void): string {
  try {
    action();
    return 'allowed';
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return `${error.status} ${error.code}`;
  }
}

const userId = fc.string({ minLength: 1, maxLength: 12 });
const states = fc.record({
  authorId: fc.constantFrom(AUTHOR, 'someone-else'),
  deletedAt: fc.option(fc.constant(new Date(POSTED.getTime() + MINUTE)), { nil: null }),
  createdAt: fc.constant(POSTED),
});
/** Milliseconds after posting, across the edit window, its edge often. */
const WINDOW_MS = EDIT_WINDOW_MINUTES * MINUTE;
const age = fc.oneof(fc.integer({ min: 0, max: 2 * WINDOW_MS }), fc.constantFrom(WINDOW_MS - 1, WINDOW_MS, WINDOW_MS + 1));

describe('direct conversations', () => {
  it('give a pair the same key from either side, and different pairs different keys (property)', () => {
    fc.assert(
      fc.property(userId, userId, userId, (a, b, c) => {
        expect(directKey(a, b)).toBe(directKey(b, a));
        if (!a.includes('|') && !b.includes('|') && !c.includes('|') && c !== a && c !== b)
          expect(directKey(a, c)).not.toBe(directKey(a, b));
      }),
    );
  });

  it('are with another person, never with oneself', () => {
    expect(outcome(() => assertDirectPartner('me', 'me'))).toBe('422 CONVERSATION.SELF');
    expect(outcome(() => assertDirectPartner('me', 'you'))).toBe('allowed');
  });
});

describe('the members of a new group or case thread', () => {
  it('are its creator first, then everyone named, each once (property)', () => {
    fc.assert(
      fc.property(userId, fc.array(userId, { maxLength: 20 }), (creator, named) => {
        const members = membersWithCreator(creator, named);
        expect(members[0]).toBe(creator);
        expect(new Set(members).size).toBe(members.length);
        expect(new Set(members)).toEqual(new Set([creator, ...named]));
      }),
    );
  });
});

describe('adding members', () => {
  it.each<[ConversationKind, string, string]>([
    ['group', 'creator', 'allowed'],
    ['group', 'member', '403 CONVERSATION.NOT_CREATOR'],
    ['direct', 'creator', '409 CONVERSATION.NOT_A_GROUP'],
    ['case', 'creator', '409 CONVERSATION.NOT_A_GROUP'],
    ['direct', 'member', '409 CONVERSATION.NOT_A_GROUP'],
  ])('to a %s conversation, by its %s: %s', (kind, who, expected) => {
    expect(outcome(() => assertMayAddMembers({ kind, createdBy: 'creator' }, who))).toBe(expected);
  });
});

describe('a message body', () => {
  it('takes 1 to 10,000 characters, counted as code points', () => {
    expect(outcome(() => assertMessageBody('ä'.repeat(MAX_MESSAGE_CHARS)))).toBe('allowed');
    expect(outcome(() => assertMessageBody('😀'.repeat(MAX_MESSAGE_CHARS)))).toBe('allowed');
    expect(outcome(() => assertMessageBody('x'.repeat(MAX_MESSAGE_CHARS + 1)))).toBe('400 REQUEST.INVALID');
    expect(outcome(() => assertMessageBody('x'))).toBe('allowed');
  });

  it('is refused when blank, and accepted when anything but whitespace is in it (property)', () => {
    const whitespace = fc.array(fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u3000'), { maxLength: 50 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(whitespace, whitespace, fc.constantFrom('a', 'ß', '1', '.', '😀'), (before, after, visible) => {
        expect(outcome(() => assertMessageBody(before + after))).toBe('400 REQUEST.INVALID');
        expect(outcome(() => assertMessageBody(before + visible + after))).toBe('allowed');
      }),
    );
  });
});

describe('editing a message', () => {
  it(`is open for less than ${EDIT_WINDOW_MINUTES} minutes after posting, closed from then on`, () => {
    const at = (ms: number) => new Date(POSTED.getTime() + ms);
    expect(withinEditWindow(POSTED, at(0))).toBe(true);
    expect(withinEditWindow(POSTED, at(EDIT_WINDOW_MINUTES * MINUTE - 1))).toBe(true);
    expect(withinEditWindow(POSTED, at(EDIT_WINDOW_MINUTES * MINUTE))).toBe(false);
    expect(withinEditWindow(POSTED, at(16 * MINUTE))).toBe(false);
  });

  it('is the author’s alone, refused once deleted, then only within the window, in that order (property)', () => {
    fc.assert(
      fc.property(states, fc.constantFrom(AUTHOR, 'someone-else'), age, (message: MessageState, caller, ms) => {
        const answer = outcome(() => assertMayEdit(message, caller, new Date(POSTED.getTime() + ms)));
        if (caller !== message.authorId) expect(answer).toBe('403 MESSAGE.NOT_AUTHOR');
        else if (message.deletedAt) expect(answer).toBe('409 MESSAGE.DELETED');
        else if (ms >= WINDOW_MS) expect(answer).toBe('409 MESSAGE.EDIT_WINDOW_CLOSED');
        else expect(answer).toBe('allowed');
      }),
    );
  });
});

describe('deleting a message', () => {
  it('is the author’s alone, once, at any age (property)', () => {
    fc.assert(
      fc.property(states, fc.constantFrom(AUTHOR, 'someone-else'), (message: MessageState, caller) => {
        const answer = outcome(() => assertMayDelete(message, caller));
        if (caller !== message.authorId) expect(answer).toBe('403 MESSAGE.NOT_AUTHOR');
        else if (message.deletedAt) expect(answer).toBe('409 MESSAGE.DELETED');
        else expect(answer).toBe('allowed');
      }),
    );
  });
});
