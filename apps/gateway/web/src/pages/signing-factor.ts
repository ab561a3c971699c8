import { api, ApiError, tenantPath } from '../api.js';
import { h } from '../dom.js';
import { locale, t } from '../i18n.js';
import { navigate } from '../router.js';
import type { Session } from '../session.js';
import { alertBox, describeFailure, detailsList, flash, showLoading, showPage, takeFlash } from '../ui.js';

export const SIGNING_FACTOR_PAGE = '/arbeitsplatz/zweiter-faktor';

interface FactorStatus {
  enrolled: boolean;
  confirmedAt?: string;
}

interface Enrollment {
  otpauthUri: string;
  secret: string;
  qrSvg: string;
}

/**
 * The second factor for signing: whether it is set up, and setting it up — the QR code for the
 * authenticator app (the secret as text beside it, for typing), then a code to confirm.
 */
export async function signingFactorPage(main: HTMLElement, session: Session): Promise<void> {
  showLoading(main, t('factor.title'));
  const path = tenantPath(session.tenant, '/signing-factor');
  const status = await api<FactorStatus>(path);
  if (status.enrolled) {
    showPage(
      main,
      t('factor.title'),
      takeFlash(),
      detailsList([[t('factor.since'), status.confirmedAt ? formatDate(status.confirmedAt) : '']]),
      h('p', {}, t('factor.enrolled')),
      h('p', {}, h('a', { href: '/arbeitsplatz/unterschriften' }, t('factor.toSigning'))),
    );
    return;
  }
  const start = h('button', { type: 'button' }, t('factor.start'));
  start.addEventListener('click', () => void startEnrollment(main, path, start));
  showPage(main, t('factor.title'), takeFlash(), h('p', {}, t('factor.intro')), start);
}

async function startEnrollment(main: HTMLElement, path: string, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  let enrollment: Enrollment;
  try {
    enrollment = await api<Enrollment>(path, { method: 'POST', body: {} });
  } catch (error) {
    flash(describeFailure(error), 'error');
    navigate(location.pathname);
    return;
  }
  const code = h('input', {
    id: 'factor-code',
    name: 'otp',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    pattern: '[0-9]{6}',
    maxlength: 6,
    required: true,
    'aria-describedby': 'factor-code-hint',
  });
  const confirm = h('button', { type: 'submit' }, t('factor.confirm'));
  const outcome = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'decision' },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'factor-code' }, t('factor.code')),
      h('p', { id: 'factor-code-hint', class: 'hint' }, t('factor.codeHint')),
      code,
    ),
    confirm,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!code.reportValidity()) return;
    confirm.disabled = true;
    api(`${path}/confirm`, { method: 'POST', body: { otp: code.value.trim() } }).then(
      () => {
        flash(t('factor.done'), 'success');
        navigate(location.pathname);
      },
      (error: unknown) => {
        confirm.disabled = false;
        const wrong = error instanceof ApiError && error.code === 'SIGNATURE.SECOND_FACTOR_INVALID';
        outcome.replaceChildren(alertBox(wrong ? t('factor.wrongCode') : describeFailure(error)));
        code.focus();
      },
    );
  });
  // The SVG comes from our service (drawn by a QR library), shown as an image: no markup of it enters the page.
  const qr = h('img', { src: `data:image/svg+xml;base64,${btoa(enrollment.qrSvg)}`, alt: t('factor.qr'), width: 200, height: 200 });
  showPage(
    main,
    t('factor.title'),
    h(
      'ol',
      {},
      h('li', {}, t('factor.scan'), h('div', { class: 'qr-card' }, qr)),
      h('li', {}, t('factor.manual'), h('p', { class: 'qr-link' }, h('code', { id: 'factor-secret' }, enrollment.secret))),
      h('li', {}, t('factor.enterCode')),
    ),
    form,
    outcome,
  );
}

function formatDate(instant: string): string {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(
    new Date(instant),
  );
}
