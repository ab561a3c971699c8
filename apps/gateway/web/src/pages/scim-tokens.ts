import { api, tenantPath } from '../api.js';
import { h } from '../dom.js';
import { locale, t } from '../i18n.js';
import type { Session } from '../session.js';
import { alertBox, dataTable, describeFailure, recordRow, scrollable } from '../ui.js';
import { confirmDanger } from './admin-blocks.js';

interface ScimToken {
  id: string;
  createdAt: string;
  createdBy: string;
  lastUsedAt?: string;
}

/**
 * The SCIM tokens block of the people page: the municipality's identity manager (Entra ID and
 * others) provisions people with one of these. Creating shows the token once, with the base URL the
 * client needs; the list says when each was last used; revoking asks first. The block redraws
 * itself in place, so that a token just shown stays on screen until the page is left.
 */
export function scimTokensSection(session: Session, nameOf: (personId: string) => string | undefined): HTMLElement {
  const section = h('section', { 'aria-labelledby': 'scim-title' });
  const created = h('div', { 'aria-live': 'polite' });
  const listing = h('div', {});
  const path = tenantPath(session.tenant, '/scim-tokens');

  const load = async (): Promise<void> => {
    try {
      const tokens = await api<ScimToken[]>(path);
      listing.replaceChildren(tokenList(tokens));
    } catch (error) {
      listing.replaceChildren(alertBox(describeFailure(error)));
    }
  };

  const tokenList = (tokens: ScimToken[]): HTMLElement => {
    if (tokens.length === 0) return h('p', {}, t('scim.none'));
    const outcome = h('div', {});
    const rows = tokens.map((token, index) => {
      const revoke = h(
        'button',
        { type: 'button', class: 'danger small', 'aria-label': t('scim.revokeLabel', { created: dateTime(token.createdAt) }) },
        t('scim.revoke'),
      );
      revoke.addEventListener('click', () =>
        confirmDanger(outcome, revoke, { id: `scim-revoke-${index}`, text: t('scim.revokeConfirm'), yes: t('scim.revokeYes') }, () => {
          void api(`${path}/${encodeURIComponent(token.id)}`, { method: 'DELETE' })
            .then(async () => {
              created.replaceChildren(alertBox(t('scim.revoked'), 'success'));
              await load();
            })
            .catch((error: unknown) => outcome.replaceChildren(alertBox(describeFailure(error))));
        }),
      );
      return recordRow(
        dateTime(token.createdAt),
        nameOf(token.createdBy) ?? t('scim.unknownPerson'),
        token.lastUsedAt ? dateTime(token.lastUsedAt) : t('scim.neverUsed'),
        revoke,
      );
    });
    return h(
      'div',
      {},
      scrollable(dataTable(t('scim.listTitle'), ['scim.created', 'scim.createdBy', 'scim.lastUsed', 'scim.action'], rows)),
      outcome,
    );
  };

  const create = h('button', { type: 'button' }, t('scim.create'));
  create.addEventListener('click', () => {
    create.disabled = true;
    void api<{ id: string; token: string }>(path, { method: 'POST' })
      .then(async (answer) => {
        created.replaceChildren(shownOnce(answer.token, `${location.origin}${tenantPath(session.tenant, '/scim/v2')}`));
        await load();
      })
      .catch((error: unknown) => created.replaceChildren(alertBox(describeFailure(error))))
      .finally(() => (create.disabled = false));
  });

  section.append(
    h('h2', { id: 'scim-title' }, t('scim.title')),
    h('p', { class: 'hint' }, t('scim.intro')),
    h('div', { class: 'actions' }, create),
    created,
    listing,
  );
  void load();
  return section;
}

/** The new token, once: read-only fields to select or copy, and why it must be copied now. */
function shownOnce(token: string, baseUrl: string): HTMLElement {
  const tokenField = h('input', {
    id: 'scim-token',
    type: 'text',
    readonly: true,
    value: token,
    spellcheck: 'false',
    autocomplete: 'off',
    'aria-describedby': 'scim-token-hint',
  });
  const urlField = h('input', { id: 'scim-url', type: 'text', readonly: true, value: baseUrl, spellcheck: 'false', autocomplete: 'off' });
  const copied = h('p', { role: 'status', class: 'hint' });
  const copy = h('button', { type: 'button', class: 'secondary' }, t('scim.copy'));
  copy.addEventListener('click', () => {
    tokenField.select();
    void navigator.clipboard
      ?.writeText(token)
      .then(() => (copied.textContent = t('scim.copied')))
      .catch(() => (copied.textContent = t('scim.copyByHand')));
    if (!navigator.clipboard) copied.textContent = t('scim.copyByHand');
  });
  return h(
    'div',
    { class: 'notice notice-success' },
    h('h3', {}, t('scim.createdTitle')),
    h('p', { id: 'scim-token-hint' }, t('scim.copyHint')),
    h('div', { class: 'field' }, h('label', { for: 'scim-token' }, t('scim.token')), tokenField),
    h('div', { class: 'actions' }, copy),
    copied,
    h('div', { class: 'field' }, h('label', { for: 'scim-url' }, t('scim.baseUrl')), urlField),
  );
}

function dateTime(instant: string): string {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'short', timeStyle: 'short' }).format(new Date(instant));
}
