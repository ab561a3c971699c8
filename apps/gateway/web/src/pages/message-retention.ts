import { failureView, formField } from '../admin-forms.js';
import { api, tenantPath } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import type { Session } from '../session.js';
import { alertBox, flash, showLoading, showPage, takeFlash } from '../ui.js';

export const MESSAGE_RETENTION_PAGE = '/arbeitsplatz/nachrichten-aufbewahren';

/** The API's range: a day to ten years. */
const MIN_DAYS = 1;
const MAX_DAYS = 3650;

/** How long conversation messages are kept before the scheduled job deletes them. */
export async function messageRetentionPage(main: HTMLElement, session: Session): Promise<void> {
  showLoading(main, t('retention.title'));
  const path = tenantPath(session.tenant, '/messaging-settings');
  const current = await api<{ messageRetentionDays: number }>(path);
  const days = formField(
    h('input', {
      id: 'retention-days',
      name: 'messageRetentionDays',
      type: 'number',
      min: MIN_DAYS,
      max: MAX_DAYS,
      step: 1,
      inputmode: 'numeric',
      required: true,
      value: current.messageRetentionDays,
    }),
    t('retention.days'),
    t('retention.daysHint'),
  );
  const outcome = h('div', {});
  const submit = h('button', { type: 'submit' }, t('admin.save'));
  const form = h('form', { novalidate: true }, days.wrapper, outcome, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    outcome.replaceChildren();
    const value = Number(days.input.value);
    if (days.input.value === '' || !Number.isInteger(value) || value < MIN_DAYS || value > MAX_DAYS) {
      days.setError(t('admin.range', { min: MIN_DAYS, max: MAX_DAYS }));
      outcome.replaceChildren(alertBox(t('admin.checkFields')));
      days.input.focus();
      return;
    }
    days.setError(undefined);
    submit.disabled = true;
    void api<{ messageRetentionDays: number }>(path, { method: 'PUT', body: { messageRetentionDays: value } })
      .then((saved) => {
        flash(t('retention.saved', { days: saved.messageRetentionDays }), 'success');
        navigate(MESSAGE_RETENTION_PAGE);
      })
      .catch((error: unknown) => {
        outcome.replaceChildren(
          failureView(
            error,
            t('admin.save'),
            async () => undefined,
            (field) => {
              days.setError(t('admin.fieldInvalid'));
              return field === 'messageRetentionDays';
            },
          ),
        );
        submit.disabled = false;
      });
  });
  showPage(main, t('retention.title'), takeFlash(), h('p', {}, t('retention.intro')), form);
}
