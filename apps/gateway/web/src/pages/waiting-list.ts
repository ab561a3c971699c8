import { api, tenantPath } from '../api.js';
import { catalogue } from '../catalogue.js';
import { h } from '../dom.js';
import { t, type MessageKey } from '../i18n.js';
import { solveChallenge } from '../proof-of-work.js';
import { alertBox, describeFailure, showLoading, showPage } from '../ui.js';

const WEEKDAYS = [1, 2, 3, 4, 5, 6] as const;

/**
 * Joining the waiting list when nothing fits: the service, the offices one can reach, weekdays
 * and a time span. A freed slot that fits is held and mailed; the mail's link confirms it.
 */
export async function waitingListPage(main: HTMLElement, tenant: string, query: URLSearchParams): Promise<void> {
  showLoading(main, t('waiting.title'));
  const { services, offices, policy } = await catalogue(tenant);
  const service = services.find((s) => s.id === query.get('dienst')) ?? services[0];
  const chosenOffice = query.get('standort');
  const officeBoxes = offices.map((office) => ({
    office,
    box: h('input', {
      type: 'checkbox',
      id: `office-${office.id}`,
      value: office.id,
      checked: office.id === chosenOffice || !chosenOffice,
    }),
  }));
  const dayBoxes = WEEKDAYS.map((day) => ({
    day,
    box: h('input', { type: 'checkbox', id: `weekday-${day}`, value: day, checked: day <= 5 }),
  }));
  const earliest = h('input', { id: 'earliest', type: 'time', value: '08:00', required: true });
  const latest = h('input', { id: 'latest', type: 'time', value: '18:00', required: true });
  const name = h('input', { id: 'name', type: 'text', autocomplete: 'name', required: true, maxlength: 200 });
  const email = h('input', { id: 'email', type: 'email', autocomplete: 'email', required: true, maxlength: 254 });
  const outcome = h('div', {});
  const submit = h('button', { type: 'submit' }, t('waiting.submit'));
  const form = h(
    'form',
    {},
    outcome,
    h(
      'fieldset',
      {},
      h('legend', {}, t('waiting.offices')),
      ...officeBoxes.map(({ office, box }) => h('div', { class: 'check' }, box, h('label', { for: box.id }, office.name))),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('waiting.weekdays')),
      ...dayBoxes.map(({ day, box }) => h('div', { class: 'check' }, box, h('label', { for: box.id }, t(`weekday.${day}` as MessageKey)))),
    ),
    h('div', { class: 'field' }, h('label', { for: 'earliest' }, t('waiting.earliest')), earliest),
    h('div', { class: 'field' }, h('label', { for: 'latest' }, t('waiting.latest')), latest),
    h('div', { class: 'field' }, h('label', { for: 'name' }, t('booking.name')), name),
    h('div', { class: 'field' }, h('label', { for: 'email' }, t('booking.email')), email),
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const officeIds = officeBoxes.filter(({ box }) => box.checked).map(({ office }) => office.id);
    const weekdays = dayBoxes.filter(({ box }) => box.checked).map(({ day }) => day);
    if (officeIds.length === 0 || weekdays.length === 0) {
      outcome.replaceChildren(alertBox(t(officeIds.length === 0 ? 'waiting.chooseOffice' : 'waiting.chooseDay')));
      return;
    }
    if (!form.reportValidity()) return;
    submit.disabled = true;
    try {
      await api(tenantPath(tenant, '/waiting-list'), {
        method: 'POST',
        headers: policy.proofOfWork ? { 'x-altcha': await solveChallenge(tenant) } : {},
        body: {
          serviceId: service.id,
          officeIds,
          weekdays,
          earliest: earliest.value,
          latest: latest.value,
          citizen: { name: name.value.trim(), email: email.value.trim() },
        },
      });
      showPage(main, t('waiting.title'), alertBox(t('waiting.done'), 'success'));
    } catch (error) {
      submit.disabled = false;
      outcome.replaceChildren(alertBox(describeFailure(error)));
    }
  });
  showPage(main, `${t('waiting.title')}: ${service.name}`, h('p', {}, t('waiting.intro')), form);
}
