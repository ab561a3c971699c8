import { api, ApiError, tenantPath } from '../api.js';
import { dayPageView, loadDay, loadDayPage } from '../day-pages.js';
import {
  ANY_OFFICE,
  calendarUrl,
  catalogue,
  manageUrl,
  officeAddress,
  type Booking,
  type Office,
  type ReleasePolicy,
  type Service,
  type Slot,
} from '../catalogue.js';
import { h, type Child } from '../dom.js';
import { formatDay, formatSlot, formatTime } from '../format.js';
import { locale, t } from '../i18n.js';
import { officeInfo, serviceInfo } from '../place-info.js';
import { solveChallenge } from '../proof-of-work.js';
import { navigate } from '../router.js';
import { alertBox, choiceList, describeFailure, detailsList, flash, showLoading, showPage, takeFlash } from '../ui.js';

/** The wizard's state lives in the URL, one parameter per answered step, so Back and reload work. */
const STEP_PARAMS = ['dienst', 'standort', 'tag', 'zeit'] as const;
/** Which weeks of the day list are shown (their first day): kept while a day and time are chosen, so Back returns there. */
const PAGE_PARAM = 'ab';

/** Name and e-mail as typed when the slot was taken meanwhile: filled in again on the next details form. */
let typed: { name: string; email: string } | undefined;

export async function bookingPage(main: HTMLElement, tenant: string, query: URLSearchParams): Promise<void> {
  showLoading(main, t('booking.title'));
  const { services, offices, policy } = await catalogue(tenant);
  const service = services.find((s) => s.id === query.get('dienst'));
  const offering = service ? offices.filter((o) => service.officeIds.includes(o.id)) : [];
  // "Any office" lists the times of all offices offering the service, in the first one's zone (a tenant's offices share one).
  const office =
    query.get('standort') === ANY_OFFICE && offering.length > 0
      ? { ...offering[0], id: ANY_OFFICE, name: t('booking.anyOffice') }
      : offices.find((o) => o.id === query.get('standort'));
  const base = `/${encodeURIComponent(tenant)}/termin`;
  const link = (extra: Record<string, string>) => `${base}?${new URLSearchParams({ ...answered(query), ...extra })}`;
  const pending = takeFlash();
  const summary = (day?: string, slot?: Slot) => (service ? bookingSummary(service, office, day, slot) : null);

  if (!service) {
    return step(
      main,
      1,
      t('booking.service'),
      pending,
      choiceList(
        t('booking.service'),
        services.map((s) => ({ href: `${base}?dienst=${s.id}`, text: s.name, hint: t('booking.minutes', { minutes: s.durationMinutes }) })),
      ),
      policyBox(policy),
    );
  }
  if (!office) {
    return step(
      main,
      2,
      t('booking.office'),
      pending,
      summary(),
      serviceInfo(service),
      choiceList(t('booking.office'), [
        ...offering.map((o) => ({ href: link({ standort: o.id }), text: o.name, hint: officeAddress(o) })),
        ...(offering.length > 1
          ? [{ href: link({ standort: ANY_OFFICE }), text: t('booking.anyOffice'), hint: t('booking.anyOfficeHint') }]
          : []),
      ]),
      h(
        'section',
        { 'aria-labelledby': 'offices-title' },
        h('h2', { id: 'offices-title' }, t('officeInfo.title')),
        ...offering.map((o) => officeInfo(o, 'h3')),
      ),
    );
  }
  const day = query.get('tag');
  const slots = await loadDay(tenant, office, service.id, policy.opensDaysAhead, day);
  if (!slots) {
    const page = await loadDayPage(tenant, office, service.id, policy.opensDaysAhead, query.get(PAGE_PARAM));
    const waitingList = h(
      'p',
      {},
      h(
        'a',
        { href: `/${encodeURIComponent(tenant)}/warteliste?${new URLSearchParams({ dienst: service.id, standort: office.id })}` },
        t('waiting.offer'),
      ),
    );
    // Offered whether or not anything is free: the free days may not suit.
    return step(main, 3, t('booking.day'), pending, summary(), ...dayPageView(page, link), office.id === ANY_OFFICE ? null : waitingList);
  }
  const slot = slots.find((s) => s.start === query.get('zeit'));
  if (!slot) {
    return step(
      main,
      4,
      t('booking.time'),
      pending,
      summary(day!),
      h('p', {}, t('booking.onDay', { day: formatDay(day!) })),
      (office.id === ANY_OFFICE
        ? anyOfficeTimeChoices(slots, offices, (s) => link({ standort: s.officeId!, tag: day!, zeit: s.start }))
        : timeChoices(slots, office, (s) => link({ tag: day!, zeit: s.start }))) ?? h('p', {}, t('booking.noTimes')),
    );
  }
  step(
    main,
    5,
    t('booking.details'),
    pending,
    summary(day!, slot),
    h(
      'p',
      {},
      t('booking.summary', { service: service.name, office: office.name, when: formatSlot(slot.start, slot.end, office.timeZone) }),
    ),
    detailsForm(tenant, service, office, slot, query, policy),
  );
}

function answered(query: URLSearchParams): Record<string, string> {
  return Object.fromEntries([...STEP_PARAMS, PAGE_PARAM].filter((name) => query.has(name)).map((name) => [name, query.get(name)!]));
}

/** Step `number` (1–5); its Back link drops the answer of the step before. */
function step(main: HTMLElement, number: number, question: string, ...content: Child[]): void {
  const query = new URLSearchParams(location.search);
  const previous = answered(query);
  delete previous[STEP_PARAMS[number - 2] ?? ''];
  // Back from the day list to the offices forgets which weeks were shown.
  if (number <= 3) delete previous[PAGE_PARAM];
  const backHref = `${location.pathname}?${new URLSearchParams(previous)}`;
  showPage(
    main,
    question,
    h('p', { class: 'step' }, t('booking.steps', { step: number })),
    ...content,
    number > 1 ? h('p', {}, h('a', { href: backHref, class: 'back' }, t('app.back'))) : null,
  );
}

export function timeChoices(slots: Slot[], office: Office, href: (slot: Slot) => string): HTMLElement | undefined {
  if (slots.length === 0) return undefined;
  return h(
    'ul',
    { class: 'times', 'aria-label': t('booking.time') },
    ...slots.map((slot) => h('li', {}, h('a', { href: href(slot) }, formatTime(slot.start, office.timeZone)))),
  );
}

/** What is chosen so far (service, office, day, time), visible at every step. */
function bookingSummary(service: Service, office: Office | undefined, day: string | undefined, slot: Slot | undefined): HTMLElement {
  const rows: Array<[string, string]> = [[t('confirmation.what'), service.name]];
  if (office) rows.push([t('booking.summaryOffice'), office.name]);
  if (day) rows.push([t('booking.summaryDay'), formatDay(day)]);
  if (slot && office)
    rows.push([t('booking.summaryTime'), `${formatTime(slot.start, office.timeZone)}–${formatTime(slot.end, office.timeZone)}`]);
  return h(
    'section',
    { class: 'booking-summary', 'aria-labelledby': 'booking-summary-title' },
    h('h2', { id: 'booking-summary-title' }, t('booking.summaryTitle')),
    detailsList(rows),
  );
}

/** The times of every office, each naming its office: choosing one answers the office too. */
function anyOfficeTimeChoices(slots: Slot[], offices: Office[], href: (slot: Slot) => string): HTMLElement | undefined {
  const named = slots.flatMap((slot) => {
    const office = offices.find((o) => o.id === slot.officeId);
    return office ? [{ slot, office }] : [];
  });
  if (named.length === 0) return undefined;
  return h(
    'ul',
    { class: 'choices', 'aria-label': t('booking.time') },
    ...named.map(({ slot, office }) =>
      h(
        'li',
        {},
        h(
          'a',
          { href: href(slot) },
          h('span', { class: 'choice-text' }, formatTime(slot.start, office.timeZone)),
          h('span', { class: 'choice-hint' }, office.name),
        ),
      ),
    ),
  );
}

function detailsForm(
  tenant: string,
  service: Service,
  office: Office,
  slot: Slot,
  query: URLSearchParams,
  policy: ReleasePolicy,
): HTMLElement {
  const errors = h('div', {});
  const name = field('name', t('booking.name'), 'text', 'name');
  const email = field('email', t('booking.email'), 'email', 'email', t('booking.emailHint'));
  const submit = h('button', { type: 'submit' }, t('booking.submit'));
  const form = h(
    'form',
    { novalidate: true },
    errors,
    name.wrapper,
    email.wrapper,
    h('p', { class: 'hint' }, t('booking.privacy')),
    submit,
  );
  if (typed) {
    name.input.value = typed.name;
    email.input.value = typed.email;
    typed = undefined;
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    const invalid = [
      name.check((v) => (v.trim() ? undefined : t('booking.required'))),
      email.check((v) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? undefined : t('booking.emailInvalid'))),
    ].filter(Boolean);
    if (invalid.length > 0) {
      (invalid[0] as HTMLInputElement).focus();
      return;
    }
    submit.disabled = true;
    try {
      if (policy.proofOfWork) errors.replaceChildren(h('p', { role: 'status' }, t('booking.working')));
      const booking = await api<Booking & { manageToken?: string }>(tenantPath(tenant, '/bookings'), {
        method: 'POST',
        headers: policy.proofOfWork ? { 'x-altcha': await solveChallenge(tenant) } : {},
        body: {
          officeId: office.id,
          serviceId: service.id,
          start: slot.start,
          citizen: { name: name.input.value.trim(), email: email.input.value.trim() },
        },
      });
      showConfirmation(form.closest('main')!, tenant, booking, service, office);
    } catch (error) {
      submit.disabled = false;
      if (error instanceof ApiError && error.code === 'BOOKING.SLOT_TAKEN') {
        flash(t('booking.taken'), 'error');
        typed = { name: name.input.value, email: email.input.value };
        const rest = answered(query);
        delete rest.zeit;
        navigate(`/${encodeURIComponent(tenant)}/termin?${new URLSearchParams(rest)}`);
        return;
      }
      const message =
        error instanceof ApiError && error.code === 'BOOKING.EMAIL_LIMIT_REACHED'
          ? t('booking.emailLimit')
          : error instanceof ApiError && error.status === 400
            ? t('booking.invalid')
            : describeFailure(error);
      errors.replaceChildren(alertBox(message));
    }
  });
  return form;
}

/** A labelled input whose error is tied to it (aria-describedby), so that it is read out with the field. */
function field(id: string, label: string, type: string, autocomplete: string, hint?: string) {
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : undefined;
  const input = h('input', {
    id,
    name: id,
    type,
    autocomplete,
    required: true,
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' '),
  });
  const error = h('p', { id: errorId, class: 'field-error' });
  const wrapper = h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    hintId ? h('p', { id: hintId, class: 'hint' }, hint) : null,
    input,
    error,
  );
  return {
    input,
    wrapper,
    /** Shows the problem `rule` finds; answers the input when invalid. */
    check(rule: (value: string) => string | undefined): HTMLInputElement | undefined {
      const problem = rule(input.value);
      error.textContent = problem ?? '';
      if (problem) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
      return problem ? input : undefined;
    },
  };
}

function showConfirmation(
  main: HTMLElement,
  tenant: string,
  booking: Booking & { manageToken?: string },
  service: Service,
  office: Office,
): void {
  const details = detailsList([
    [t('confirmation.reference'), h('strong', { class: 'reference' }, booking.reference)],
    [t('confirmation.what'), service.name],
    [t('confirmation.when'), formatSlot(booking.start, booking.end, office.timeZone)],
    [t('confirmation.where'), `${office.name}, ${officeAddress(office)}`],
  ]);
  if (!booking.manageToken) {
    // Held for confirmation: the key to the booking travels only by mail, so that the address is proven.
    history.replaceState(null, '', `/${encodeURIComponent(tenant)}/termin`);
    showPage(main, t('confirmation.held'), alertBox(t('confirmation.heldHint'), 'success'), details);
    return;
  }
  const manage = manageUrl(tenant, booking.reference, booking.manageToken);
  // Reloading or going back now lands on the booking itself, not on a form for a slot that is taken.
  history.replaceState(null, '', manage);
  showPage(
    main,
    t('confirmation.title'),
    details,
    h(
      'p',
      {},
      h(
        'a',
        { href: calendarUrl(tenant, booking.reference, booking.manageToken), download: `termin-${booking.reference}.ics` },
        t('confirmation.calendar'),
      ),
    ),
    h('p', {}, h('a', { href: manage }, t('confirmation.manage'))),
    h('p', { class: 'hint' }, t('confirmation.keepLink')),
  );
}

/** How this municipality gives out appointments, in plain words (issue: transparency). */
function policyBox(policy: ReleasePolicy): HTMLElement {
  const date = (iso: string) => new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(new Date(iso));
  const when = (iso: string) => new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  const rules = [
    t('policy.opens', { days: policy.opensDaysAhead }),
    policy.holdMinutes ? t('policy.hold', { minutes: policy.holdMinutes }) : null,
    policy.reopenDelayMinutes > 0 ? t('policy.reopen', { minutes: policy.reopenDelayMinutes }) : null,
    policy.maxActiveBookingsPerEmail ? t('policy.limit', { count: policy.maxActiveBookingsPerEmail }) : null,
    policy.proofOfWork ? t('policy.proofOfWork') : null,
    policy.nextDraw
      ? t('policy.draw', {
          from: date(policy.nextDraw.slotsFrom),
          to: date(policy.nextDraw.slotsTo),
          until: when(policy.nextDraw.requestsUntil),
        })
      : null,
  ].filter((rule): rule is string => rule !== null);
  return h(
    'section',
    { class: 'policy', 'aria-labelledby': 'policy-title' },
    h('h2', { id: 'policy-title' }, t('policy.title')),
    h('ul', {}, ...rules.map((rule) => h('li', {}, rule))),
  );
}
