import { failureView, formField, type FormField } from '../admin-forms.js';
import { api, tenantPath } from '../api.js';
import { forgetCatalogue } from '../catalogue.js';
import { h } from '../dom.js';
import { t, type MessageKey } from '../i18n.js';
import { navigate } from '../router.js';
import type { Session } from '../session.js';
import { alertBox, flash, showLoading, showPage, takeFlash } from '../ui.js';

export const BOOKING_SETTINGS_PAGE = '/arbeitsplatz/buchungsregeln';

type SettingKey =
  | 'bookingWindowDays'
  | 'leadTimeMinutes'
  | 'maxActiveBookingsPerEmail'
  | 'holdMinutes'
  | 'waitingOfferMinutes'
  | 'requestsPerMinutePerAddress'
  | 'proofOfWorkMaxNumber'
  | 'reopenDelayMinutes';

type BookingSettings = Record<SettingKey, number | null>;

/** The eight settings with the API's ranges; `off` names the choice that sends null (where the API allows it). */
const SETTINGS: Array<{ key: SettingKey; min: number; max: number; off?: true }> = [
  { key: 'bookingWindowDays', min: 1, max: 730 },
  { key: 'leadTimeMinutes', min: 0, max: 10080 },
  { key: 'maxActiveBookingsPerEmail', min: 1, max: 100, off: true },
  { key: 'holdMinutes', min: 1, max: 1440, off: true },
  { key: 'waitingOfferMinutes', min: 1, max: 10080 },
  { key: 'requestsPerMinutePerAddress', min: 1, max: 10000, off: true },
  { key: 'proofOfWorkMaxNumber', min: 1000, max: 10_000_000, off: true },
  { key: 'reopenDelayMinutes', min: 0, max: 1440 },
];

/** What a value turned off becomes when switched on again without one: the example of the API's own documentation. */
const SWITCH_ON_DEFAULT: Partial<Record<SettingKey, number>> = {
  maxActiveBookingsPerEmail: 3,
  holdMinutes: 15,
  requestsPerMinutePerAddress: 20,
  proofOfWorkMaxNumber: 100_000,
};

/** The municipality's booking rules: every one with what it does, and "off" where it can be switched off. */
export async function bookingSettingsPage(main: HTMLElement, session: Session): Promise<void> {
  showLoading(main, t('settings.title'));
  const path = tenantPath(session.tenant, '/booking-settings');
  const current = await api<BookingSettings>(path);
  const rows = SETTINGS.map((setting) => {
    const value = current[setting.key];
    const input = h('input', {
      id: `setting-${setting.key}`,
      name: setting.key,
      type: 'number',
      min: setting.min,
      max: setting.max,
      step: 1,
      inputmode: 'numeric',
      value: value ?? '',
      disabled: value === null,
    });
    const field = formField(input, t(`settings.${setting.key}` as MessageKey), t(`settings.${setting.key}.hint` as MessageKey));
    const off = setting.off
      ? h('input', { type: 'checkbox', id: `setting-${setting.key}-off`, name: `${setting.key}Off`, checked: value === null })
      : undefined;
    off?.addEventListener('change', () => {
      input.disabled = off.checked;
      if (!off.checked && input.value === '') input.value = String(SWITCH_ON_DEFAULT[setting.key] ?? setting.min);
      field.setError(undefined);
    });
    if (off)
      field.wrapper.insertBefore(
        h('div', { class: 'check' }, off, h('label', { for: off.id }, t(`settings.${setting.key}.off` as MessageKey))),
        field.wrapper.lastChild,
      );
    return { setting, field, off };
  });
  const outcome = h('div', {});
  const submit = h('button', { type: 'submit' }, t('admin.save'));
  const form = h('form', { novalidate: true }, ...rows.map(({ field }) => field.wrapper), outcome, submit);
  const byKey = new Map<string, FormField<HTMLInputElement>>(rows.map(({ setting, field }) => [setting.key, field]));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    outcome.replaceChildren();
    const body = {} as BookingSettings;
    let firstInvalid: HTMLInputElement | undefined;
    for (const { setting, field, off } of rows) {
      if (off?.checked) {
        body[setting.key] = null;
        field.setError(undefined);
        continue;
      }
      const value = Number(field.input.value);
      const valid = field.input.value !== '' && Number.isInteger(value) && value >= setting.min && value <= setting.max;
      field.setError(valid ? undefined : t('admin.range', { min: setting.min, max: setting.max }));
      if (!valid) firstInvalid ??= field.input;
      body[setting.key] = value;
    }
    if (firstInvalid) {
      outcome.replaceChildren(alertBox(t('admin.checkFields')));
      firstInvalid.focus();
      return;
    }
    submit.disabled = true;
    void api(path, { method: 'PUT', body })
      .then(() => {
        forgetCatalogue(session.tenant);
        flash(t('settings.saved'), 'success');
        navigate(BOOKING_SETTINGS_PAGE);
      })
      .catch((error: unknown) => {
        outcome.replaceChildren(
          failureView(
            error,
            t('admin.save'),
            async () => undefined,
            (field) => {
              byKey.get(field)?.setError(t('admin.fieldInvalid'));
              return byKey.has(field);
            },
          ),
        );
        submit.disabled = false;
      });
  });
  showPage(main, t('settings.title'), takeFlash(), h('p', {}, t('settings.intro')), form);
}
