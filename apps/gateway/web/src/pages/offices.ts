import { parseIntervals } from '../admin-input.js';
import { failureView, formatDate, formField, textOrNull, type AffectedBooking, type FormField } from '../admin-forms.js';
import { api, tenantPath } from '../api.js';
import { forgetCatalogue, freeDays, officeAddress, type Office } from '../catalogue.js';
import { h } from '../dom.js';
import { formatDay, formatTime, localDay } from '../format.js';
import { t, type MessageKey } from '../i18n.js';
import { navigate } from '../router.js';
import type { Session } from '../session.js';
import {
  alertBox,
  dataTable,
  describeFailure,
  flash,
  recordRow,
  scrollable,
  showLoading,
  showPage,
  tableOrNone,
  takeFlash,
} from '../ui.js';
import { deleteSection, withCancelled } from './admin-blocks.js';

export const OFFICES_PAGE = '/arbeitsplatz/buergerbueros';

interface OpeningInterval {
  weekday: number;
  opens: string;
  closes: string;
}

export interface AdminOffice extends Office {
  slotGridMinutes: number;
  counters: number;
  openingHours: OpeningInterval[];
  phone: string | null;
  email: string | null;
  accessibility: string | null;
  directions: string | null;
}

interface AdminService {
  id: string;
  name: string;
  officeIds: string[];
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** The tenant admin's offices: each with its address, counters and week, and the way to add one. */
export async function officesPage(main: HTMLElement, session: Session): Promise<void> {
  showLoading(main, t('offices.title'));
  const offices = await api<AdminOffice[]>(tenantPath(session.tenant, '/offices'));
  showPage(
    main,
    t('offices.title'),
    takeFlash(),
    h('p', {}, h('a', { href: `${OFFICES_PAGE}/neu`, class: 'button' }, t('offices.new'))),
    tableOrNone(
      t('offices.none'),
      t('offices.title'),
      ['offices.name', 'offices.address', 'offices.counters', 'offices.hours'],
      offices.map((office) =>
        recordRow(
          h('a', { href: `${OFFICES_PAGE}/${office.id}` }, office.name),
          officeAddress(office),
          office.counters,
          weekSummary(office.openingHours),
        ),
      ),
    ),
  );
}

/** "Mo 08:00–16:00 · Di …": the week in one line, closed days left out. */
function weekSummary(hours: OpeningInterval[]): string {
  const days = WEEKDAYS.map((day) => ({ day, text: intervalsText(hours, day) })).filter(({ text }) => text !== '');
  return days.length === 0
    ? t('offices.closedAllWeek')
    : days.map(({ day, text }) => `${t(`weekdayShort.${day}` as MessageKey)} ${text}`).join(' · ');
}

function intervalsText(hours: OpeningInterval[], weekday: number): string {
  return hours
    .filter((interval) => interval.weekday === weekday)
    .map((interval) => `${interval.opens}–${interval.closes}`)
    .join(', ');
}

/** A new office (`officeId` undefined) or one to change: the form, and for an existing office its closures, slot preview and deletion. */
export async function officePage(main: HTMLElement, session: Session, officeId?: string): Promise<void> {
  const title = officeId ? t('offices.edit') : t('offices.new');
  showLoading(main, title);
  const [offices, services] = await Promise.all([
    api<AdminOffice[]>(tenantPath(session.tenant, '/offices')),
    officeId ? api<AdminService[]>(tenantPath(session.tenant, '/services')) : Promise.resolve([]),
  ]);
  const office = officeId ? offices.find((candidate) => candidate.id === officeId) : undefined;
  if (officeId && !office) {
    showPage(main, title, alertBox(t('offices.notFound')), h('p', {}, h('a', { href: OFFICES_PAGE }, t('offices.title'))));
    return;
  }
  showPage(
    main,
    office ? `${title}: ${office.name}` : title,
    takeFlash(),
    officeForm(session, office),
    office ? closureSection(session, office) : null,
    office ? previewSection(session, office, services) : null,
    office ? deleteOffice(session, office) : null,
    h('p', {}, h('a', { href: OFFICES_PAGE }, t('offices.back'))),
  );
}

function officeForm(session: Session, office: AdminOffice | undefined): HTMLElement {
  const text = (id: string, value: string | null | undefined, extra: Record<string, string | number | boolean> = {}) =>
    h('input', { id, name: id, type: 'text', value: value ?? '', ...extra });
  const name = formField(text('office-name', office?.name, { required: true, maxlength: 200 }), t('offices.name'));
  const street = formField(
    text('office-street', office?.address.street, { required: true, maxlength: 200, autocomplete: 'off' }),
    t('offices.street'),
  );
  const postalCode = formField(
    text('office-postal-code', office?.address.postalCode, { required: true, pattern: '[0-9]{5}', inputmode: 'numeric', maxlength: 5 }),
    t('offices.postalCode'),
    t('offices.postalCodeHint'),
  );
  const city = formField(text('office-city', office?.address.city, { required: true, maxlength: 200 }), t('offices.city'));
  const timeZone = formField(
    text('office-time-zone', office?.timeZone ?? 'Europe/Berlin', { required: true, maxlength: 64 }),
    t('offices.timeZone'),
    t('offices.timeZoneHint'),
  );
  const grid = formField(
    h('input', {
      id: 'office-grid',
      name: 'slotGridMinutes',
      type: 'number',
      min: 5,
      max: 240,
      step: 1,
      required: true,
      value: office?.slotGridMinutes ?? 15,
    }),
    t('offices.grid'),
    t('offices.gridHint'),
  );
  const counters = formField(
    h('input', {
      id: 'office-counters',
      name: 'counters',
      type: 'number',
      min: 1,
      max: 100,
      step: 1,
      required: true,
      value: office?.counters ?? 1,
    }),
    t('offices.counters'),
    t('offices.countersHint'),
  );
  const days = WEEKDAYS.map((day) => ({
    day,
    field: formField(
      text(`office-hours-${day}`, office ? intervalsText(office.openingHours, day) : day <= 5 ? '08:00–16:00' : '', {
        autocomplete: 'off',
        maxlength: 200,
      }),
      t(`weekday.${day}` as MessageKey),
    ),
  }));
  const copyMonday = h('button', { type: 'button', class: 'secondary small' }, t('offices.copyMonday'));
  copyMonday.addEventListener('click', () => {
    for (const { day, field } of days) if (day >= 2 && day <= 5) field.input.value = days[0].field.input.value;
  });
  const phone = formField(text('office-phone', office?.phone, { type: 'tel', autocomplete: 'off', maxlength: 40 }), t('offices.phone'));
  const email = formField(text('office-email', office?.email, { type: 'email', autocomplete: 'off', maxlength: 200 }), t('offices.email'));
  const accessibility = formField(
    h('textarea', { id: 'office-accessibility', name: 'accessibility', rows: 2, maxlength: 1000 }, office?.accessibility ?? ''),
    t('offices.accessibility'),
    t('offices.accessibilityHint'),
  );
  const directions = formField(
    h('textarea', { id: 'office-directions', name: 'directions', rows: 2, maxlength: 1000 }, office?.directions ?? ''),
    t('offices.directions'),
    t('offices.directionsHint'),
  );
  const outcome = h('div', {});
  const submit = h('button', { type: 'submit' }, office ? t('admin.save') : t('offices.create'));
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'office-form-title' },
    h('h2', { id: 'office-form-title' }, t('offices.details')),
    name.wrapper,
    h('fieldset', {}, h('legend', {}, t('offices.address')), street.wrapper, postalCode.wrapper, city.wrapper),
    timeZone.wrapper,
    grid.wrapper,
    counters.wrapper,
    h(
      'fieldset',
      { 'aria-describedby': 'office-hours-hint' },
      h('legend', {}, t('offices.hours')),
      h('p', { id: 'office-hours-hint', class: 'hint' }, t('offices.hoursHint')),
      days[0].field.wrapper,
      h('p', {}, copyMonday),
      ...days.slice(1).map(({ field }) => field.wrapper),
    ),
    phone.wrapper,
    email.wrapper,
    accessibility.wrapper,
    directions.wrapper,
    outcome,
    submit,
  );
  const fields: Record<string, FormField<HTMLInputElement | HTMLTextAreaElement>> = {
    name,
    'address.street': street,
    'address.postalCode': postalCode,
    'address.city': city,
    timeZone,
    slotGridMinutes: grid,
    counters,
    phone,
    email,
    accessibility,
    directions,
  };
  const markField = (path: string): boolean => {
    const field = fields[path] ?? (path.startsWith('openingHours') ? days[0].field : undefined);
    field?.setError(t('admin.fieldInvalid'));
    return field !== undefined;
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    outcome.replaceChildren();
    const openingHours: OpeningInterval[] = [];
    let firstInvalid: HTMLElement | undefined;
    const invalid = (field: FormField<HTMLInputElement | HTMLTextAreaElement>, message: string | undefined) => {
      field.setError(message);
      if (message && !firstInvalid) firstInvalid = field.input;
    };
    for (const field of [name, street, city, timeZone]) invalid(field, field.input.value.trim() === '' ? t('admin.required') : undefined);
    invalid(postalCode, /^\d{5}$/.test(postalCode.input.value.trim()) ? undefined : t('offices.postalCodeHint'));
    for (const [field, min, max] of [
      [grid, 5, 240],
      [counters, 1, 100],
    ] as const) {
      const value = Number(field.input.value);
      invalid(
        field,
        Number.isInteger(value) && value >= min && value <= max && field.input.value !== '' ? undefined : t('admin.range', { min, max }),
      );
    }
    for (const { day, field } of days) {
      const parsed = parseIntervals(field.input.value);
      if ('problem' in parsed) invalid(field, t(parsed.problem));
      else {
        invalid(field, undefined);
        openingHours.push(...parsed.intervals.map((interval) => ({ weekday: day, ...interval })));
      }
    }
    invalid(email, email.input.value.trim() === '' || email.input.checkValidity() ? undefined : t('admin.emailInvalid'));
    invalid(
      phone,
      phone.input.value.trim() === '' || /^\+?[0-9 ()/-]{3,40}$/.test(phone.input.value.trim()) ? undefined : t('offices.phoneInvalid'),
    );
    if (firstInvalid) {
      outcome.replaceChildren(alertBox(t('admin.checkFields')));
      firstInvalid.focus();
      return;
    }
    const body = {
      name: name.input.value.trim(),
      address: { street: street.input.value.trim(), postalCode: postalCode.input.value.trim(), city: city.input.value.trim() },
      timeZone: timeZone.input.value.trim(),
      slotGridMinutes: Number(grid.input.value),
      counters: Number(counters.input.value),
      openingHours,
      // A new office leaves out what is not given; a change sends null to clear it.
      ...Object.fromEntries(
        (
          [
            ['phone', phone],
            ['email', email],
            ['accessibility', accessibility],
            ['directions', directions],
          ] as const
        )
          .map(([key, field]) => [key, textOrNull(field.input)] as const)
          .filter(([, value]) => office || value !== null),
      ),
    };
    const send = async (cancelAffected: boolean): Promise<void> => {
      submit.disabled = true;
      try {
        const saved: AdminOffice & { affectedBookings?: AffectedBooking[] } = office
          ? await api<AdminOffice & { affectedBookings: AffectedBooking[] }>(tenantPath(session.tenant, `/offices/${office.id}`), {
              method: 'PATCH',
              body: { ...body, ...(cancelAffected ? { cancelAffected: true } : {}) },
            })
          : await api<AdminOffice>(tenantPath(session.tenant, '/offices'), { method: 'POST', body });
        forgetCatalogue(session.tenant);
        const cancelled = saved.affectedBookings?.length ?? 0;
        flash(withCancelled(t('offices.saved', { name: saved.name }), cancelled), 'success');
        navigate(OFFICES_PAGE);
      } catch (error) {
        outcome.replaceChildren(failureView(error, t('admin.changeAnyway'), () => send(true), markField));
        submit.disabled = false;
        (outcome.querySelector('button') ?? outcome.querySelector('[role="alert"]'))?.scrollIntoView({ block: 'center' });
      }
    };
    void send(false);
  });
  return form;
}

/** Closing the office for some days (holidays of the federal state close it anyway). */
function closureSection(session: Session, office: AdminOffice): HTMLElement {
  const firstDay = formField(h('input', { id: 'closure-first', name: 'firstDay', type: 'date', required: true }), t('closure.firstDay'));
  const lastDay = formField(h('input', { id: 'closure-last', name: 'lastDay', type: 'date', required: true }), t('closure.lastDay'));
  const reason = formField(
    h('input', { id: 'closure-reason', name: 'reason', type: 'text', required: true, maxlength: 200 }),
    t('closure.reason'),
    t('closure.reasonHint'),
  );
  const outcome = h('div', {});
  const submit = h('button', { type: 'submit' }, t('closure.submit'));
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'closure-title' },
    h('h2', { id: 'closure-title' }, t('closure.title')),
    h('p', { class: 'hint' }, t('closure.intro')),
    firstDay.wrapper,
    lastDay.wrapper,
    reason.wrapper,
    outcome,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    outcome.replaceChildren();
    const missing = [firstDay, lastDay, reason].filter((field) => {
      field.setError(field.input.value.trim() === '' ? t('admin.required') : undefined);
      return field.input.value.trim() === '';
    });
    if (missing.length > 0) {
      missing[0].input.focus();
      return;
    }
    const body = { firstDay: firstDay.input.value, lastDay: lastDay.input.value, reason: reason.input.value.trim() };
    const send = async (cancelAffected: boolean): Promise<void> => {
      submit.disabled = true;
      try {
        const closure = await api<{ firstDay: string; lastDay: string; affectedBookings: AffectedBooking[] }>(
          tenantPath(session.tenant, `/offices/${office.id}/closures`),
          { method: 'POST', body: { ...body, ...(cancelAffected ? { cancelAffected: true } : {}) } },
        );
        forgetCatalogue(session.tenant);
        const done = t('closure.done', { from: formatDate(closure.firstDay), to: formatDate(closure.lastDay) });
        const cancelled = closure.affectedBookings.length;
        outcome.replaceChildren(alertBox(withCancelled(done, cancelled), 'success'));
        form.reset();
      } catch (error) {
        outcome.replaceChildren(failureView(error, t('closure.closeAnyway'), () => send(true)));
      }
      submit.disabled = false;
    };
    void send(false);
  });
  return form;
}

/** The coming week as citizens will see it, for one service offered here: free times per day. */
function previewSection(session: Session, office: AdminOffice, services: AdminService[]): HTMLElement {
  const offered = services.filter((service) => service.officeIds.includes(office.id));
  const section = h('section', { 'aria-labelledby': 'preview-title' }, h('h2', { id: 'preview-title' }, t('preview.title')));
  if (offered.length === 0) {
    section.append(h('p', {}, t('preview.noService')));
    return section;
  }
  const select = h(
    'select',
    { id: 'preview-service', name: 'serviceId' },
    ...offered.map((service) => h('option', { value: service.id }, service.name)),
  );
  const result = h('div', { 'aria-live': 'polite' });
  const load = async () => {
    const today = localDay(new Date().toISOString(), office.timeZone);
    try {
      const days = await freeDays(session.tenant, office, select.value, today, 7);
      result.replaceChildren(
        days.size === 0
          ? h('p', {}, t('preview.none'))
          : scrollable(
              dataTable(
                t('preview.title'),
                ['preview.day', 'preview.count', 'preview.span'],
                [...days].map(([day, slots]) =>
                  recordRow(
                    formatDay(day),
                    slots.length,
                    `${formatTime(slots[0].start, office.timeZone)}–${formatTime(slots[slots.length - 1].start, office.timeZone)}`,
                  ),
                ),
              ),
            ),
      );
    } catch (error) {
      result.replaceChildren(alertBox(describeFailure(error)));
    }
  };
  select.addEventListener('change', () => void load());
  section.append(
    h('p', { class: 'hint' }, t('preview.intro')),
    h('div', { class: 'field' }, h('label', { for: 'preview-service' }, t('preview.service')), select),
    result,
  );
  void load();
  return section;
}

function deleteOffice(session: Session, office: AdminOffice): HTMLElement {
  return deleteSection(session.tenant, tenantPath(session.tenant, `/offices/${office.id}`), OFFICES_PAGE, {
    title: t('offices.deleteTitle'),
    intro: t('offices.deleteIntro'),
    start: t('offices.delete'),
    yes: t('offices.deleteYes'),
    question: t('offices.deleteConfirm', { name: office.name }),
    anyway: t('offices.deleteAnyway'),
    done: t('offices.deleted', { name: office.name }),
  });
}
