import { ApiError, NETWORK_FAILURE, tenantPath, type Problem } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { currentSession, type Session } from '../session.js';
import { alertBox, describeFailure, showPage, scrollable } from '../ui.js';

interface ImportReport {
  imported: number;
  unchanged: number;
  failed: Array<{ line: number; reason: string }>;
  failedCount: number;
}

/** CSV import: the upload's progress, then the service's report with every failed line and why. */
export function deviceImportPage(main: HTMLElement, session: Session): void {
  const file = h('input', {
    id: 'import-file',
    name: 'file',
    type: 'file',
    accept: '.csv,text/csv',
    required: true,
    'aria-describedby': 'import-intro',
  });
  const button = h('button', { type: 'submit' }, t('import.submit'));
  const progress = h('progress', { id: 'import-progress', max: 100, value: 0 });
  const progressField = h('div', { class: 'field', hidden: true }, h('label', { for: 'import-progress' }, t('import.progress')), progress);
  const outcome = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    {},
    h('div', { class: 'field' }, h('label', { for: 'import-file' }, t('import.file')), file),
    button,
    progressField,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) {
      outcome.replaceChildren(alertBox(t('import.chooseFile')));
      file.focus();
      return;
    }
    button.disabled = true;
    progressField.hidden = false;
    progress.value = 0;
    outcome.replaceChildren(h('p', {}, t('import.processing')));
    try {
      outcome.replaceChildren(
        reportView(
          await uploadCsv<ImportReport>(tenantPath(session.tenant, '/devices/import'), chosen, (share) => (progress.value = share)),
        ),
      );
    } catch (error) {
      outcome.replaceChildren(alertBox(describeFailure(error)));
    }
    button.disabled = false;
  });
  showPage(main, t('import.title'), h('p', { id: 'import-intro' }, t('import.intro')), form, outcome);
}

function reportView(report: ImportReport): HTMLElement {
  return h(
    'section',
    { 'aria-labelledby': 'import-result' },
    alertBox(
      t('import.result', { imported: report.imported, unchanged: report.unchanged, failed: report.failedCount }),
      report.failedCount > 0 ? 'error' : 'success',
    ),
    report.failed.length === 0
      ? null
      : scrollable(
          h(
            'table',
            {},
            h('caption', { id: 'import-result' }, t('import.failures')),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('import.line')), h('th', { scope: 'col' }, t('import.reason')))),
            h('tbody', {}, ...report.failed.map((failure) => h('tr', {}, h('td', {}, failure.line), h('td', {}, failure.reason)))),
          ),
        ),
  );
}

/** Posts a CSV file as text/csv. XMLHttpRequest, not fetch: only it reports how much of a large file is uploaded. */
export function uploadCsv<T>(path: string, file: File, onProgress?: (percent: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    request.setRequestHeader('content-type', 'text/csv');
    request.setRequestHeader('accept', 'application/json');
    const session = currentSession();
    if (session) request.setRequestHeader('authorization', `Bearer ${session.token}`);
    request.upload.onprogress = (event) => event.lengthComputable && onProgress?.(Math.round((event.loaded / event.total) * 100));
    request.onerror = () => reject(new ApiError({ status: NETWORK_FAILURE }));
    request.onload = () => {
      const body = parseJson(request.responseText);
      if (request.status >= 200 && request.status < 300) resolve(body as T);
      else reject(new ApiError({ status: request.status, ...((body ?? {}) as Partial<Problem>) }));
    };
    request.send(file);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
