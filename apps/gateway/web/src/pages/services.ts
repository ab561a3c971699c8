import { parseEuros } from '../admin-input.js';
import { failureView, formField, textOrNull, type AffectedBooking, type FormField } from '../admin-forms.js';
import { api, tenantPath } from '../api.js';
import { forgetCatalogue } from '../catalogue.js';
import { h } from '../dom.js';
import { currentLanguage, t } from '../i18n.js';
import { navigate } from '../router.js';
import type { Session } from '../session.js';
import { alertBox, flash, recordRow, showLoading, showPage, tableOrNone, takeFlash } from '../ui.js';
import { deleteSection, withCancelled } from './admin-blocks.js';
import { OFFICES_PAGE, type AdminOffice } from './offices.js';

export const SERVICES_PAGE = '/arbeitsplatz/anliegen';

interface AdminService {
  id: string;
  name: string;
  durationMinutes: number;
  officeIds: string[];
  description: string | null;
  documents: string[];
  fee: { amountCents: number; note: string } | null;
}

/** The tenant admin's services: duration, where they are offered, fee; and the way to add one. */
export async function servicesPage(main: HTMLElement, session: Session): Promise<void> {
  showLoading(main, t('services.title'));
  const [services, offices] = await Promise.all([
    api<AdminService[]>(tenantPath(session.tenant, '/services')),
    api<AdminOffice[]>(tenantPath(session.tenant, '/offices')),
  ]);
  const officeName = new Map(offices.map((office) => [office.id, office.name]));
  showPage(
    main,
    t('services.title'),
    takeFlash(),
    h('p', {}, h('a', { href: `${SERVICES_PAGE}/neu`, class: 'button' }, t('services.new'))),
    tableOrNone(
      t('services.none'),
      t('services.title'),
      ['services.name', 'services.duration', 'services.offices', 'services.fee'],
      services.map((service) =>
        recordRow(
          h('a', { href: `${SERVICES_PAGE}/${service.id}` }, service.name),
          t('booking.minutes', { minutes: service.durationMinutes }),
          service.officeIds
            .map((id) => officeName.get(id) ?? '')
            .filter(Boolean)
            .join(', '),
          service.fee ? euros(service.fee.amountCents) : '',
        ),
      ),
    ),
  );
}

/** "37,80 €" (en: "€37.80"). */
function euros(cents: number): string {
  return new Intl.NumberFormat(currentLanguage() === 'en' ? 'en-GB' : 'de-DE', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** A new service (`serviceId` undefined) or one to change, and for an existing one its deletion. */
export async function servicePage(main: HTMLElement, session: Session, serviceId?: string): Promise<void> {
  const title = serviceId ? t('services.edit') : t('services.new');
  showLoading(main, title);
  const [services, offices] = await Promise.all([
    api<AdminService[]>(tenantPath(session.tenant, '/services')),
    api<AdminOffice[]>(tenantPath(session.tenant, '/offices')),
  ]);
  const service = serviceId ? services.find((candidate) => candidate.id === serviceId) : undefined;
  if (serviceId && !service) {
    showPage(main, title, alertBox(t('services.notFound')), h('p', {}, h('a', { href: SERVICES_PAGE }, t('services.title'))));
    return;
  }
  if (offices.length === 0) {
    showPage(main, title, h('p', {}, t('services.noOffices')), h('p', {}, h('a', { href: `${OFFICES_PAGE}/neu` }, t('offices.new'))));
    return;
  }
  showPage(
    main,
    service ? `${title}: ${service.name}` : title,
    takeFlash(),
    serviceForm(session, offices, service),
    service ? deleteService(session, service) : null,
    h('p', {}, h('a', { href: SERVICES_PAGE }, t('services.back'))),
  );
}

function serviceForm(session: Session, offices: AdminOffice[], service: AdminService | undefined): HTMLElement {
  const name = formField(
    h('input', { id: 'service-name', name: 'name', type: 'text', required: true, maxlength: 200, value: service?.name ?? '' }),
    t('services.name'),
  );
  const duration = formField(
    h('input', {
      id: 'service-duration',
      name: 'durationMinutes',
      type: 'number',
      min: 5,
      max: 720,
      step: 1,
      required: true,
      value: service?.durationMinutes ?? '',
    }),
    t('services.duration'),
    t('services.durationHint'),
  );
  const officeBoxes = offices.map((office) => ({
    office,
    box: h('input', {
      type: 'checkbox',
      id: `service-office-${office.id}`,
      name: 'officeIds',
      value: office.id,
      // A tenant with one office offers the new service there.
      checked: service ? service.officeIds.includes(office.id) : offices.length === 1,
    }),
  }));
  const officesError = h('p', { id: 'service-offices-error', class: 'field-error' });
  const description = formField(
    h('textarea', { id: 'service-description', name: 'description', rows: 3, maxlength: 2000 }, service?.description ?? ''),
    t('services.description'),
  );
  const documents = formField(
    h('textarea', { id: 'service-documents', name: 'documents', rows: 4 }, (service?.documents ?? []).join('\n')),
    t('services.documents'),
    t('services.documentsHint'),
  );
  const fee = formField(
    h('input', {
      id: 'service-fee',
      name: 'fee',
      type: 'text',
      inputmode: 'decimal',
      maxlength: 12,
      value: service?.fee ? (service.fee.amountCents / 100).toFixed(2).replace('.', currentLanguage() === 'en' ? '.' : ',') : '',
    }),
    t('services.feeAmount'),
    t('services.feeAmountHint'),
  );
  const feeNote = formField(
    h('input', { id: 'service-fee-note', name: 'feeNote', type: 'text', maxlength: 500, value: service?.fee?.note ?? '' }),
    t('services.feeNote'),
    t('services.feeNoteHint'),
  );
  const outcome = h('div', {});
  const submit = h('button', { type: 'submit' }, service ? t('admin.save') : t('services.create'));
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'service-form-title' },
    h('h2', { id: 'service-form-title' }, t('services.details')),
    name.wrapper,
    duration.wrapper,
    h(
      'fieldset',
      { 'aria-describedby': 'service-offices-hint service-offices-error' },
      h('legend', {}, t('services.offices')),
      h('p', { id: 'service-offices-hint', class: 'hint' }, t('services.officesHint')),
      ...officeBoxes.map(({ office, box }) =>
        h(
          'div',
          { class: 'check' },
          box,
          h('label', { for: box.id }, `${office.name} (${t('services.grid', { minutes: office.slotGridMinutes })})`),
        ),
      ),
      officesError,
    ),
    description.wrapper,
    documents.wrapper,
    h('fieldset', {}, h('legend', {}, t('services.fee')), fee.wrapper, feeNote.wrapper),
    outcome,
    submit,
  );
  const fields: Record<string, FormField<HTMLInputElement | HTMLTextAreaElement>> = {
    name,
    durationMinutes: duration,
    description,
    documents,
    'fee.amountCents': fee,
    'fee.note': feeNote,
  };
  const markField = (path: string): boolean => {
    const field = fields[path] ?? (path.startsWith('documents') ? documents : path.startsWith('fee') ? fee : undefined);
    field?.setError(t('admin.fieldInvalid'));
    if (!field && path.startsWith('officeIds')) officesError.textContent = t('admin.fieldInvalid');
    return field !== undefined || path.startsWith('officeIds');
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    outcome.replaceChildren();
    let firstInvalid: HTMLElement | undefined;
    const invalid = (field: FormField<HTMLInputElement | HTMLTextAreaElement>, message: string | undefined) => {
      field.setError(message);
      if (message && !firstInvalid) firstInvalid = field.input;
    };
    invalid(name, name.input.value.trim() === '' ? t('admin.required') : undefined);
    const minutes = Number(duration.input.value);
    invalid(
      duration,
      duration.input.value !== '' && Number.isInteger(minutes) && minutes >= 5 && minutes <= 720
        ? undefined
        : t('admin.range', { min: 5, max: 720 }),
    );
    const officeIds = officeBoxes.filter(({ box }) => box.checked).map(({ office }) => office.id);
    officesError.textContent = officeIds.length === 0 ? t('services.chooseOffice') : '';
    if (officeIds.length === 0 && !firstInvalid) firstInvalid = officeBoxes[0].box;
    const list = documents.input.value
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    invalid(documents, list.length > 30 || list.some((line) => line.length > 200) ? t('services.documentsTooMany') : undefined);
    const amount = fee.input.value.trim() === '' ? null : parseEuros(fee.input.value);
    invalid(fee, amount === undefined ? t('services.feeInvalid') : undefined);
    invalid(
      feeNote,
      amount !== null && amount !== undefined && feeNote.input.value.trim() === '' ? t('services.feeNoteRequired') : undefined,
    );
    if (firstInvalid) {
      outcome.replaceChildren(alertBox(t('admin.checkFields')));
      firstInvalid.focus();
      return;
    }
    const feeBody = amount === null || amount === undefined ? null : { amountCents: amount, note: feeNote.input.value.trim() };
    const body = {
      name: name.input.value.trim(),
      durationMinutes: minutes,
      officeIds,
      documents: list,
      // A new service leaves out what is not given; a change sends null to clear it.
      ...(service || textOrNull(description.input) !== null ? { description: textOrNull(description.input) } : {}),
      ...(service || feeBody !== null ? { fee: feeBody } : {}),
    };
    const send = async (cancelAffected: boolean): Promise<void> => {
      submit.disabled = true;
      try {
        const saved: AdminService & { affectedBookings?: AffectedBooking[] } = service
          ? await api<AdminService & { affectedBookings: AffectedBooking[] }>(tenantPath(session.tenant, `/services/${service.id}`), {
              method: 'PATCH',
              body: { ...body, ...(cancelAffected ? { cancelAffected: true } : {}) },
            })
          : await api<AdminService>(tenantPath(session.tenant, '/services'), { method: 'POST', body });
        forgetCatalogue(session.tenant);
        const cancelled = saved.affectedBookings?.length ?? 0;
        const done = t('services.saved', { name: saved.name });
        flash(withCancelled(done, cancelled), 'success');
        navigate(SERVICES_PAGE);
      } catch (error) {
        outcome.replaceChildren(failureView(error, t('admin.changeAnyway'), () => send(true), markField));
        submit.disabled = false;
      }
    };
    void send(false);
  });
  return form;
}

function deleteService(session: Session, service: AdminService): HTMLElement {
  return deleteSection(session.tenant, tenantPath(session.tenant, `/services/${service.id}`), SERVICES_PAGE, {
    title: t('services.deleteTitle'),
    intro: t('services.deleteIntro'),
    start: t('services.delete'),
    yes: t('services.deleteYes'),
    question: t('services.deleteConfirm', { name: service.name }),
    anyway: t('services.deleteAnyway'),
    done: t('services.deleted', { name: service.name }),
  });
}
