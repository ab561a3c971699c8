import { ApiError, NETWORK_FAILURE, tenantPath, type Problem } from '../api.js';
import { h } from '../dom.js';
import { currentLanguage, t, type MessageKey } from '../i18n.js';
import { alertBox, describeFailure, detailsList, showLoading, showPage } from '../ui.js';

interface CaView {
  sha256: string;
  current: boolean;
}

type ProblemCode =
  | 'BYTE_RANGE_INVALID'
  | 'CMS_INVALID'
  | 'DIGEST_MISMATCH'
  | 'SIGNATURE_INVALID'
  | 'SIGNATURE_NOT_IN_DOCUMENT'
  | 'CHANGED_AFTER_SIGNING'
  | 'NOT_TRUSTED';
type ChangeKind = 'page-content' | 'annotation' | 'form-field' | 'catalog' | 'unknown';

interface VerificationReport {
  intact: boolean;
  unsignedChanges: Array<{ revision: number; kind: ChangeKind; page?: number }>;
  signatures: Array<{
    index: number;
    signer?: { name?: string; organization?: string };
    signedAt?: string;
    intact: boolean;
    chainsToTenantCa: boolean;
    problems: Array<{ code: ProblemCode }>;
  }>;
}

const PROBLEM_TEXTS: Record<ProblemCode, MessageKey> = {
  BYTE_RANGE_INVALID: 'verify.problem.structure',
  CMS_INVALID: 'verify.problem.structure',
  SIGNATURE_NOT_IN_DOCUMENT: 'verify.problem.structure',
  DIGEST_MISMATCH: 'verify.problem.changed',
  SIGNATURE_INVALID: 'verify.problem.invalid',
  CHANGED_AFTER_SIGNING: 'verify.problem.changedAfter',
  NOT_TRUSTED: 'verify.problem.notTrusted',
};

const CHANGE_TEXTS: Record<ChangeKind, MessageKey> = {
  'page-content': 'verify.change.pageContent',
  annotation: 'verify.change.annotation',
  'form-field': 'verify.change.formField',
  catalog: 'verify.change.catalog',
  unknown: 'verify.change.unknown',
};

/**
 * `/{tenant}/pruefen`: anyone who received a signed document from the municipality drops it here
 * and reads, in plain words, whether it is unchanged since it was signed and who signed it. No
 * sign-in; the document is checked, not kept. The municipality's CA fingerprint is shown for
 * comparison with what it publishes elsewhere (letterhead, website).
 */
export async function verifyDocumentPage(main: HTMLElement, tenant: string): Promise<void> {
  showLoading(main, t('verify.title'));
  const cas = await fetchJson<CaView[]>(tenantPath(tenant, '/signatures/cas')).catch(() => undefined);
  if (cas === undefined) {
    showPage(main, t('verify.title'), alertBox(t('verify.unknownTenant')));
    return;
  }
  const file = h('input', {
    id: 'verify-file',
    name: 'file',
    type: 'file',
    accept: '.pdf,application/pdf',
    required: true,
    'aria-describedby': 'verify-file-hint',
  });
  const submit = h('button', { type: 'submit' }, t('verify.submit'));
  const outcome = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { novalidate: true },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'verify-file' }, t('verify.file')),
      h('p', { id: 'verify-file-hint', class: 'hint' }, t('verify.fileHint')),
      file,
    ),
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) {
      outcome.replaceChildren(alertBox(t('verify.chooseFile')));
      file.focus();
      return;
    }
    submit.disabled = true;
    outcome.replaceChildren(h('p', {}, t('verify.checking')));
    void verify(tenant, chosen)
      .then((report) => outcome.replaceChildren(verdictView(report)))
      .catch((error: unknown) => outcome.replaceChildren(alertBox(describeFailure(error))))
      .finally(() => (submit.disabled = false));
  });
  showPage(main, t('verify.title'), h('p', {}, t('verify.intro')), form, outcome, trustSection(tenant, cas));
}

/** The fingerprints the municipality's signatures chain to, and where to get the certificate. */
function trustSection(tenant: string, cas: CaView[]): HTMLElement {
  const current = cas.find((ca) => ca.current);
  return h(
    'section',
    { 'aria-labelledby': 'verify-trust' },
    h('h2', { id: 'verify-trust' }, t('verify.trustTitle')),
    current
      ? h(
          'p',
          {},
          t('verify.fingerprint'),
          ' ',
          h('code', { class: 'fingerprint' }, current.sha256),
          ' ',
          h('a', { href: tenantPath(tenant, '/signatures/ca.pem'), download: '' }, t('verify.downloadCa')),
        )
      : h('p', {}, t('verify.noCaYet')),
  );
}

function verdictView(report: VerificationReport): HTMLElement {
  const verdict =
    report.signatures.length === 0
      ? alertBox(t('verify.noSignatures'))
      : report.intact
        ? alertBox(
            report.signatures.length === 1 ? t('verify.intactOne') : t('verify.intact', { count: report.signatures.length }),
            'success',
          )
        : alertBox(t('verify.notIntact'));
  return h(
    'section',
    { 'aria-labelledby': 'verify-result' },
    h('h2', { id: 'verify-result' }, t('verify.resultTitle')),
    verdict,
    report.unsignedChanges.length === 0
      ? null
      : h(
          'ul',
          { 'aria-label': t('verify.changesLabel') },
          ...report.unsignedChanges.map((change) =>
            h('li', {}, t(CHANGE_TEXTS[change.kind], { page: change.page ?? '–', revision: change.revision })),
          ),
        ),
    ...report.signatures.map((signature) =>
      h(
        'section',
        { 'aria-labelledby': `signature-${signature.index}` },
        // `index` counts from 1, in the order the signatures were added.
        h('h3', { id: `signature-${signature.index}` }, t('verify.signatureTitle', { number: signature.index })),
        detailsList([
          [t('verify.signer'), signature.signer?.name ?? t('verify.unknown')],
          [t('verify.organization'), signature.signer?.organization ?? t('verify.unknown')],
          [t('verify.signedAt'), signature.signedAt ? dateTime(signature.signedAt) : t('verify.unknown')],
          [t('verify.state'), signatureState(signature)],
        ]),
      ),
    ),
  );
}

function signatureState(signature: VerificationReport['signatures'][number]): HTMLElement {
  const reasons = [...new Set(signature.problems.map((problem) => PROBLEM_TEXTS[problem.code]))];
  if (signature.intact && signature.chainsToTenantCa && reasons.length === 0) return h('span', {}, t('verify.signatureValid'));
  if (!signature.chainsToTenantCa && !reasons.includes('verify.problem.notTrusted')) reasons.push('verify.problem.notTrusted');
  return h('ul', {}, ...reasons.map((key) => h('li', {}, t(key))));
}

/** "08.12.2026, 14:05" on German pages (never ISO), in the reader's own time zone. */
function dateTime(instant: string): string {
  return new Intl.DateTimeFormat(currentLanguage() === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(instant),
  );
}

/** The document as multipart, without a token: verification is open to anyone. */
async function verify(tenant: string, file: File): Promise<VerificationReport> {
  const body = new FormData();
  body.append('file', file, file.name);
  return fetchJson<VerificationReport>(tenantPath(tenant, '/signatures/verify'), { method: 'POST', body });
}

async function fetchJson<T>(path: string, init: { method?: string; body?: FormData } = {}): Promise<T> {
  const response = await fetch(path, { ...init, headers: { accept: 'application/json' } }).catch(() => undefined);
  if (!response) throw new ApiError({ status: NETWORK_FAILURE });
  const body = (await response.json().catch(() => ({}))) as unknown;
  if (!response.ok) throw new ApiError({ status: response.status, ...(body as Partial<Problem>) });
  return body as T;
}
