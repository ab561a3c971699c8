import { failureView, type AffectedBooking } from '../admin-forms.js';
import { api } from '../api.js';
import { forgetCatalogue } from '../catalogue.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { flash } from '../ui.js';

/** What a change did, and how many bookings it cancelled with it (the citizens are told by e-mail). */
export function withCancelled(done: string, cancelled: number): string {
  return cancelled > 0 ? `${done} ${t('admin.cancelled', { count: cancelled })}` : done;
}

/**
 * Asks before a step that takes effect at once: the question and its two buttons as one group in
 * `outcome`, focus on yes. Yes runs `act` (once: the button is disabled); no takes the question away
 * and gives focus back to `start`, the button that asked.
 */
export function confirmDanger(
  outcome: HTMLElement,
  start: HTMLButtonElement,
  question: { id: string; text: string; yes: string },
  act: () => void,
): void {
  const yes = h('button', { type: 'button', class: 'danger' }, question.yes);
  const no = h('button', { type: 'button', class: 'secondary' }, t('admin.no'));
  outcome.replaceChildren(
    h('div', { role: 'group', 'aria-labelledby': question.id, class: 'confirm' }, h('p', { id: question.id }, question.text), yes, no),
  );
  yes.focus();
  no.addEventListener('click', () => {
    outcome.replaceChildren();
    start.focus();
  });
  yes.addEventListener('click', () => {
    yes.disabled = true;
    act();
  });
}

/** The texts of a delete section, in the person's language. */
interface DeleteTexts {
  title: string;
  intro: string;
  /** The button that starts it, and the one that confirms it. */
  start: string;
  yes: string;
  question: string;
  /** The offer to delete even though bookings would be cancelled. */
  anyway: string;
  done: string;
}

/**
 * Deleting an office or a service: asks first; when bookings would be left without a place, the API
 * refuses and lists them, and the section offers to delete anyway (which cancels them). Afterwards
 * the catalogue is loaded afresh and the list page says what happened.
 */
export function deleteSection(tenant: string, path: string, listPage: string, texts: DeleteTexts): HTMLElement {
  const outcome = h('div', {});
  const start = h('button', { type: 'button', class: 'danger' }, texts.start);
  const remove = async (cancelAffected: boolean): Promise<void> => {
    try {
      const { affectedBookings } = await api<{ affectedBookings: AffectedBooking[] }>(
        `${path}${cancelAffected ? '?cancelAffected=true' : ''}`,
        { method: 'DELETE' },
      );
      forgetCatalogue(tenant);
      flash(withCancelled(texts.done, affectedBookings.length), 'success');
      navigate(listPage);
    } catch (error) {
      outcome.replaceChildren(failureView(error, texts.anyway, () => remove(true)));
    }
  };
  start.addEventListener('click', () =>
    confirmDanger(outcome, start, { id: 'delete-question', text: texts.question, yes: texts.yes }, () => void remove(false)),
  );
  return h(
    'section',
    { 'aria-labelledby': 'delete-title' },
    h('h2', { id: 'delete-title' }, texts.title),
    h('p', { class: 'hint' }, texts.intro),
    h('div', { class: 'actions' }, start),
    outcome,
  );
}
