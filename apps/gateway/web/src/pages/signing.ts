import { api, apiBlob, tenantPath } from '../api.js';
import { h } from '../dom.js';
import { locale, t, type MessageKey } from '../i18n.js';
import type { Session } from '../session.js';
import { SIGNING_FACTOR_PAGE } from './signing-factor.js';
import { choiceList, detailsList, postThenReload, showLoading, showPage, takeFlash } from '../ui.js';

interface SignatureRequest {
  id: string;
  title: string;
  status: string;
  requester: { userId: string; email?: string };
  currentStep: number;
  steps: unknown[];
  dueAt: string;
  actions: { sign: boolean; reject: boolean };
}

/** What waits for (or waited for) the signed-in person's signature. */
export async function signingInboxPage(main: HTMLElement, session: Session): Promise<void> {
  showLoading(main, t('signing.title'));
  const { items } = await api<{ items: SignatureRequest[] }>(tenantPath(session.tenant, '/signature-requests?as=signer'));
  showPage(
    main,
    t('signing.title'),
    items.length === 0
      ? h('p', {}, t('signing.none'))
      : choiceList(
          t('signing.title'),
          items.map((request) => ({
            href: `/arbeitsplatz/unterschriften/${request.id}`,
            text: request.title,
            hint: `${statusText(request.status)} · ${t('signing.due')} ${formatDate(request.dueAt)}`,
          })),
        ),
  );
}

/** One request: the document in a preview, and sign (with the second factor when set up) or reject with a reason. */
export async function signingRequestPage(main: HTMLElement, session: Session, id: string): Promise<void> {
  showLoading(main, t('signing.title'));
  const path = tenantPath(session.tenant, `/signature-requests/${encodeURIComponent(id)}`);
  const [request, document, factor, people] = await Promise.all([
    api<SignatureRequest>(path),
    apiBlob(`${path}/document`),
    api<{ enrolled: boolean }>(tenantPath(session.tenant, '/signing-factor')),
    // The requester by name; the address only when the directory does not know them (or cannot be asked).
    api<Array<{ id: string; name: string }>>(tenantPath(session.tenant, '/people')).catch(() => []),
  ]);
  const requesterName = people.find((person) => person.id === request.requester.userId)?.name;
  const documentUrl = URL.createObjectURL(document);
  showPage(
    main,
    request.title,
    takeFlash(),
    detailsList([
      [t('signing.requester'), requesterName ?? request.requester.email ?? request.requester.userId],
      [t('signing.due'), formatDate(request.dueAt)],
      [
        t('signing.status'),
        `${statusText(request.status)} · ${t('signing.step', { step: request.currentStep, steps: request.steps.length })}`,
      ],
    ]),
    h('iframe', { src: documentUrl, title: t('signing.preview', { title: request.title }), class: 'document-preview' }),
    h('p', {}, h('a', { href: documentUrl, target: '_blank', rel: 'noopener' }, t('signing.open'))),
    request.actions.sign && !factor.enrolled ? setUpFactorNotice() : null,
    request.actions.sign ? signForm(path, factor.enrolled) : null,
    request.actions.reject ? rejectForm(path) : null,
    !request.actions.sign && !request.actions.reject && request.status === 'pending' ? h('p', {}, t('signing.waiting')) : null,
  );
}

function signForm(path: string, needsCode: boolean): HTMLElement {
  const code = h('input', {
    id: 'otp',
    name: 'otp',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    pattern: '[0-9]{6}',
    maxlength: 6,
    required: true,
    'aria-describedby': 'otp-hint',
  });
  const button = h('button', { type: 'submit' }, t('signing.sign'));
  const form = h(
    'form',
    { class: 'decision' },
    needsCode
      ? h(
          'div',
          { class: 'field' },
          h('label', { for: 'otp' }, t('signing.otp')),
          h('p', { id: 'otp-hint', class: 'hint' }, t('signing.otpHint')),
          code,
        )
      : null,
    button,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void postThenReload(button, `${path}/sign`, needsCode ? { otp: code.value.trim() } : {}, t('signing.signed'));
  });
  return form;
}

/** Without a second factor the municipality (by default) refuses the signature: where to set it up. */
function setUpFactorNotice(): HTMLElement {
  return h('p', { class: 'notice' }, t('signing.noFactor'), ' ', h('a', { href: SIGNING_FACTOR_PAGE }, t('signing.setUpFactor')));
}

function rejectForm(path: string): HTMLElement {
  const reason = h('textarea', { id: 'reject-reason', name: 'reason', rows: 3, maxlength: 1000, required: true });
  const button = h('button', { type: 'submit', class: 'secondary' }, t('signing.reject'));
  const form = h(
    'form',
    { class: 'decision' },
    h('div', { class: 'field' }, h('label', { for: 'reject-reason' }, t('signing.reason')), reason),
    button,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!reason.reportValidity()) return;
    void postThenReload(button, `${path}/reject`, { reason: reason.value.trim() }, t('signing.rejected'));
  });
  return form;
}

function statusText(status: string): string {
  const key = `signing.status.${status}` as MessageKey;
  return SIGNING_STATUSES.has(status) ? t(key) : status;
}

const SIGNING_STATUSES = new Set(['pending', 'completed', 'rejected', 'withdrawn', 'expired']);

function formatDate(instant: string): string {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(
    new Date(instant),
  );
}
