import { api, tenantPath } from '../api.js';
import { h } from '../dom.js';
import { locale, t, type MessageKey } from '../i18n.js';
import { onLiveEvent } from '../live.js';
import { navigate } from '../router.js';
import type { Session } from '../session.js';
import { alertBox, choiceList, describeFailure, showLoading, showPage } from '../ui.js';

interface Person {
  id: string;
  name: string;
}

interface Conversation {
  id: string;
  kind: 'direct' | 'group' | 'case';
  name: string | null;
  case: { kind: string; id: string } | null;
  memberIds: string[];
  unreadCount: number;
}

interface Message {
  id: string;
  conversationId: string;
  authorId: string;
  body: string | null;
  createdAt: string;
  editedAt: string | null;
  deletedAt?: string | null;
  reactions?: Reaction[];
}

interface Reaction {
  name: string;
  count: number;
  mine: boolean;
}

/** The fixed set the API knows, by name; the emoji is only shown, never sent. */
const REACTIONS: ReadonlyArray<[name: string, emoji: string]> = [
  ['thumbs-up', '👍'],
  ['heart', '❤️'],
  ['smile', '😄'],
  ['tada', '🎉'],
  ['eyes', '👀'],
  ['check', '✅'],
];

let stopListening: (() => void) | undefined;

/** The municipality's people, asked once per sign-in: the list re-renders on every new message. */
let directory: { token: string; people: Promise<Person[]> } | undefined;

function colleagues(session: Session): Promise<Person[]> {
  if (directory?.token !== session.token) {
    const people = api<Person[]>(tenantPath(session.tenant, '/people'));
    people.catch(() => (directory = undefined));
    directory = { token: session.token, people };
  }
  return directory.people;
}

/** My conversations with their unread counts, and the form to start one with a colleague. */
export async function conversationsPage(main: HTMLElement, session: Session): Promise<void> {
  showLoading(main, t('messages.title'));
  const [{ items }, people] = await Promise.all([
    api<{ items: Conversation[] }>(tenantPath(session.tenant, '/conversations')),
    colleagues(session),
  ]);
  const names = new Map(people.map((person) => [person.id, person.name]));
  showPage(
    main,
    t('messages.title'),
    items.length === 0
      ? h('p', {}, t('messages.none'))
      : choiceList(
          t('messages.title'),
          items.map((conversation) => ({
            href: `/arbeitsplatz/nachrichten/${conversation.id}`,
            text: title(conversation, session, names),
            hint: conversation.unreadCount > 0 ? t('messages.unread', { count: conversation.unreadCount }) : undefined,
          })),
        ),
    h('h2', { id: 'new-conversation' }, t('messages.new')),
    startForm(
      session,
      people.filter((person) => person.id !== session.userId),
    ),
  );
  listenWhileShown((event) => event === 'message.posted');
}

/** One conversation: the history (oldest first), new messages as they arrive, and the send form. */
export async function conversationPage(main: HTMLElement, session: Session, id: string): Promise<void> {
  showLoading(main, t('messages.title'));
  const path = tenantPath(session.tenant, `/conversations/${encodeURIComponent(id)}`);
  const [conversation, history, people] = await Promise.all([
    api<Conversation>(path),
    api<{ items: Message[] }>(`${path}/messages?limit=50`),
    colleagues(session),
  ]);
  const names = new Map(people.map((person) => [person.id, person.name]));
  // role=log announces each new message; the list inside keeps its list semantics.
  const list = h('ol', { class: 'messages' });
  const log = h('div', { role: 'log', 'aria-labelledby': 'history' }, list);
  const show = (message: Message) => {
    if (list.querySelector(`[data-id="${message.id}"]`)) return;
    list.append(messageItem(message, session, names, path, replace));
  };
  /** A changed message (reacted, edited, deleted) takes its old place. */
  const replace = (message: Message) => {
    list.querySelector(`[data-id="${message.id}"]`)?.replaceWith(messageItem(message, session, names, path, replace));
  };
  [...history.items].reverse().forEach(show);
  const markRead = () => {
    const last = list.lastElementChild?.getAttribute('data-id');
    if (last) void api(`${path}/read`, { method: 'POST', body: { messageId: last } }).catch(() => undefined);
  };
  markRead();
  showPage(
    main,
    title(conversation, session, names),
    h('h2', { id: 'history', class: 'visually-hidden' }, t('messages.history')),
    history.items.length === 0 ? h('p', { id: 'empty' }, t('messages.empty')) : null,
    log,
    sendForm(path, (message) => {
      document.getElementById('empty')?.remove();
      show(message);
    }),
  );
  stopListening?.();
  stopListening = onLiveEvent((event, data) => {
    const message = data as Message;
    if (message.conversationId !== id) return;
    if (!document.body.contains(log)) return stopListening?.();
    if (event === 'message.reacted' || event === 'message.edited' || event === 'message.deleted') return replace(message);
    if (event !== 'message.posted') return;
    document.getElementById('empty')?.remove();
    show(message);
    markRead();
  });
}

function title(conversation: Conversation, session: Session, names: Map<string, string>): string {
  if (conversation.kind === 'group') return conversation.name ?? t('messages.group');
  if (conversation.kind === 'case' && conversation.case) return t(`messages.case.${conversation.case.kind}` as MessageKey);
  const other = conversation.memberIds.find((member) => member !== session.userId);
  return `${t('messages.with')} ${(other && names.get(other)) ?? other ?? ''}`;
}

function messageItem(
  message: Message,
  session: Session,
  names: Map<string, string>,
  path: string,
  changed: (message: Message) => void,
): HTMLElement {
  const author = message.authorId === session.userId ? t('messages.you') : (names.get(message.authorId) ?? message.authorId);
  const time = new Intl.DateTimeFormat(locale(), { dateStyle: 'short', timeStyle: 'short' }).format(new Date(message.createdAt));
  return h(
    'li',
    { id: `nachricht-${message.id}`, 'data-id': message.id, class: message.authorId === session.userId ? 'message own' : 'message' },
    h('p', { class: 'message-meta' }, h('strong', {}, author), ` · ${time}`, message.editedAt ? ` ${t('messages.edited')}` : ''),
    h('p', { class: 'message-body' }, message.body ?? t('messages.deleted')),
    message.body === null ? null : reactionButtons(message, path, changed),
  );
}

/** One toggle button per reaction of the set, pressed when it is mine, with its count. */
function reactionButtons(message: Message, path: string, changed: (message: Message) => void): HTMLElement {
  const given = new Map((message.reactions ?? []).map((reaction) => [reaction.name, reaction]));
  return h(
    'div',
    { class: 'reactions', role: 'group', 'aria-label': t('reactions.label') },
    ...REACTIONS.map(([name, emoji]) => {
      const reaction = given.get(name);
      const count = reaction?.count ?? 0;
      const label = t(`reactions.${name}` as MessageKey);
      const button = h(
        'button',
        {
          type: 'button',
          class: 'reaction',
          'aria-pressed': reaction?.mine ? 'true' : 'false',
          'aria-label': t('reactions.count', { name: label, count }),
          'data-reaction': name,
        },
        h('span', { 'aria-hidden': 'true' }, emoji),
        count > 0 ? ` ${count}` : '',
      );
      button.addEventListener('click', async () => {
        const mine = Boolean(reaction?.mine);
        button.disabled = true;
        try {
          await api(`${path}/messages/${encodeURIComponent(message.id)}/reactions/${name}`, { method: mine ? 'DELETE' : 'PUT' });
          const others = (message.reactions ?? []).filter((other) => other.name !== name);
          const after = count + (mine ? -1 : 1);
          const order = REACTIONS.map(([known]) => known);
          const reactions = after > 0 ? [...others, { name, count: after, mine: !mine }] : others;
          reactions.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
          changed({ ...message, reactions });
          document.querySelector<HTMLButtonElement>(`[data-id="${message.id}"] [data-reaction="${name}"]`)?.focus();
        } catch {
          button.disabled = false;
        }
      });
      return button;
    }),
  );
}

function sendForm(path: string, sent: (message: Message) => void): HTMLElement {
  const text = h('textarea', { id: 'message-text', name: 'body', rows: 3, maxlength: 10_000, required: true });
  const button = h('button', { type: 'submit' }, t('messages.send'));
  const failure = h('div', {});
  const form = h(
    'form',
    { class: 'send' },
    failure,
    h('div', { class: 'field' }, h('label', { for: 'message-text' }, t('messages.text')), text),
    button,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!text.value.trim()) return text.focus();
    button.disabled = true;
    try {
      sent(await api<Message>(`${path}/messages`, { method: 'POST', body: { body: text.value } }));
      text.value = '';
      failure.replaceChildren();
    } catch (error) {
      failure.replaceChildren(alertBox(describeFailure(error)));
    }
    button.disabled = false;
    text.focus();
  });
  return form;
}

function startForm(session: Session, people: Person[]): HTMLElement {
  const person = h('select', { id: 'partner', name: 'memberId' }, ...people.map((p) => h('option', { value: p.id }, p.name)));
  const failure = h('div', {});
  const form = h(
    'form',
    { 'aria-labelledby': 'new-conversation' },
    failure,
    h('div', { class: 'field' }, h('label', { for: 'partner' }, t('messages.with')), person),
    h('button', { type: 'submit' }, t('messages.start')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const conversation = await api<Conversation>(tenantPath(session.tenant, '/conversations'), {
        method: 'POST',
        body: { kind: 'direct', memberId: person.value },
      });
      navigate(`/arbeitsplatz/nachrichten/${conversation.id}`);
    } catch (error) {
      failure.replaceChildren(alertBox(describeFailure(error)));
    }
  });
  return form;
}

/** Re-renders the list when `relevant` news arrives, as long as the list is shown. */
function listenWhileShown(relevant: (event: string) => boolean): void {
  stopListening?.();
  const shownAt = location.pathname;
  stopListening = onLiveEvent((event) => {
    if (!relevant(event)) return;
    stopListening?.();
    if (location.pathname === shownAt) navigate(shownAt);
  });
}
