import { ApiError } from './api.js';
import { h } from './dom.js';
import { locale, t } from './i18n.js';
import { alertBox, describeFailure } from './ui.js';

/** A labelled form control with its hint and its error, both tied to it (aria-describedby) so that they are read with it. */
export interface FormField<E extends HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement> {
  input: E;
  wrapper: HTMLElement;
  /** Shows `message` under the control and marks it invalid; no message clears both. */
  setError(message?: string): void;
}

export function formField<E extends HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(
  input: E,
  label: string,
  hint?: string,
): FormField<E> {
  const hintId = hint ? `${input.id}-hint` : undefined;
  const errorId = `${input.id}-error`;
  input.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  const error = h('p', { id: errorId, class: 'field-error' });
  return {
    input,
    wrapper: h(
      'div',
      { class: 'field' },
      h('label', { for: input.id }, label),
      hintId ? h('p', { id: hintId, class: 'hint' }, hint) : null,
      input,
      error,
    ),
    setError(message?: string) {
      error.textContent = message ?? '';
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    },
  };
}

/** A booking a change would leave without a place, as the API names it: `start` in the office's local time with its offset. */
export interface AffectedBooking {
  reference: string;
  start: string;
}

/** The bookings a 409 `…BOOKINGS_AFFECTED` lists, or undefined for any other failure. */
export function affectedBookingsOf(error: unknown): AffectedBooking[] | undefined {
  if (!(error instanceof ApiError) || error.status !== 409) return undefined;
  const listed = (error.problem as { affectedBookings?: unknown }).affectedBookings;
  return Array.isArray(listed) ? (listed as AffectedBooking[]) : undefined;
}

/**
 * "07.12.2026, 08:15" (en: "07/12/2026, 08:15"): the office's wall-clock time as the API wrote it.
 * The start carries the office's offset, so its first 16 characters are already the local time;
 * formatted as if in UTC, nothing shifts it, whatever zone the browser is in.
 */
export function formatLocalStart(start: string): string {
  return new Intl.DateTimeFormat(locale(), {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  }).format(new Date(`${start.slice(0, 16)}:00Z`));
}

/** "24.12.2026" for a YYYY-MM-DD day. */
export function formatDate(day: string): string {
  return new Intl.DateTimeFormat(locale(), { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );
}

/**
 * Why a change failed. A refusal because of booked appointments lists them and offers to go ahead
 * (`retry` resends with `cancelAffected`); anything else is the problem's text. The fields the API
 * names in `errors[]` are marked through `markField` (its English messages stay for API users).
 */
export function failureView(
  error: unknown,
  goAhead: string,
  retry: (button: HTMLButtonElement) => Promise<void>,
  markField: (field: string) => boolean = () => false,
): HTMLElement {
  const affected = affectedBookingsOf(error);
  if (!affected) {
    const fields = error instanceof ApiError ? (error.problem.errors ?? []) : [];
    const marked = fields.filter((problem) => markField(problem.field)).length;
    return alertBox(marked > 0 ? `${describeFailure(error)} ${t('admin.checkFields')}` : describeFailure(error));
  }
  const button = h('button', { type: 'button', class: 'danger' }, goAhead);
  button.addEventListener('click', () => {
    button.disabled = true;
    void retry(button).finally(() => (button.disabled = false));
  });
  return h(
    'div',
    { class: 'affected' },
    alertBox(describeFailure(error)),
    h('h3', { id: 'affected-title' }, t('admin.affectedTitle', { count: affected.length })),
    h(
      'ul',
      { 'aria-labelledby': 'affected-title' },
      ...affected.map((booking) =>
        h('li', {}, h('span', { class: 'reference' }, booking.reference), ` – ${formatLocalStart(booking.start)}`),
      ),
    ),
    h('div', { class: 'actions' }, button),
  );
}

/** A field's text, trimmed; empty as null (the API's "not given", and on a change "clear it"). */
export function textOrNull(input: HTMLInputElement | HTMLTextAreaElement): string | null {
  const value = input.value.trim();
  return value === '' ? null : value;
}
