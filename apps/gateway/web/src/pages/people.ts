import { failureView, formField } from '../admin-forms.js';
import { api, ApiError, tenantPath } from '../api.js';
import { h } from '../dom.js';
import { currentLanguage, t, type MessageKey } from '../i18n.js';
import { problemText } from '../problem-texts.js';
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
import { confirmDanger } from './admin-blocks.js';
import { uploadCsv } from './device-import.js';
import { identityProviderSection } from './identity-provider.js';
import { scimTokensSection } from './scim-tokens.js';

export const PEOPLE_PAGE = '/arbeitsplatz/personen';

/** The roles a person of a municipality can hold (the API refuses others with `PERSON.INVALID_ROLES`). */
const ROLES = ['staff', 'clerk', 'it-admin', 'tenant-admin'] as const;

interface AdminPerson {
  id: string;
  email: string;
  name: string;
  roles: string[];
  active: boolean;
  externalId: string | null;
}

interface PeopleImportReport {
  created: number;
  updated: number;
  unchanged: number;
  refused: Array<{ line: number; reason: string }>;
  refusedCount: number;
}

function roleText(role: string): string {
  return (ROLES as readonly string[]).includes(role) ? t(`people.role.${role}` as MessageKey) : role;
}

/** The municipality's people: who they are, what they may do, whether they can sign in; adding one and the CSV import. */
export async function peoplePage(main: HTMLElement, session: Session): Promise<void> {
  showLoading(main, t('people.title'));
  const people = await api<AdminPerson[]>(tenantPath(session.tenant, '/people?view=admin'));
  showPage(
    main,
    t('people.title'),
    takeFlash(),
    h('p', {}, h('a', { href: `${PEOPLE_PAGE}/neu`, class: 'button' }, t('people.new'))),
    tableOrNone(
      t('people.none'),
      t('people.title'),
      ['people.name', 'people.email', 'people.roles', 'people.status'],
      people.map((person) =>
        recordRow(
          h('a', { href: `${PEOPLE_PAGE}/${person.id}` }, person.name),
          person.email,
          person.roles.map(roleText).join(', '),
          person.active ? t('people.active') : t('people.inactive'),
        ),
      ),
    ),
    importSection(session),
    scimTokensSection(session, (id) => people.find((person) => person.id === id)?.name),
    await identityProviderSection(session),
  );
}

/** Role checkboxes in a fieldset, with an error line tied to it. */
function roleChoice(prefix: string, chosen: string[]): { fieldset: HTMLElement; boxes: HTMLInputElement[]; error: HTMLElement } {
  const error = h('p', { id: `${prefix}-roles-error`, class: 'field-error' });
  const boxes = ROLES.map((role) =>
    h('input', { type: 'checkbox', id: `${prefix}-role-${role}`, name: 'roles', value: role, checked: chosen.includes(role) }),
  );
  const fieldset = h(
    'fieldset',
    { 'aria-describedby': `${prefix}-roles-hint ${prefix}-roles-error` },
    h('legend', {}, t('people.roles')),
    h('p', { id: `${prefix}-roles-hint`, class: 'hint' }, t('people.rolesHint')),
    ...boxes.map((box) => h('div', { class: 'check' }, box, h('label', { for: box.id }, `${roleText(box.value)} (${box.value})`))),
    error,
  );
  return { fieldset, boxes, error };
}

/** Adding a person: they get an invitation mail with the sign-in link. */
export function newPersonPage(main: HTMLElement, session: Session): void {
  const name = formField(
    h('input', { id: 'person-name', name: 'name', type: 'text', required: true, maxlength: 200, autocomplete: 'off' }),
    t('people.name'),
  );
  const email = formField(
    h('input', { id: 'person-email', name: 'email', type: 'email', required: true, maxlength: 254, autocomplete: 'off' }),
    t('people.email'),
    t('people.emailHint'),
  );
  const roles = roleChoice('person', []);
  const outcome = h('div', {});
  const submit = h('button', { type: 'submit' }, t('people.create'));
  const form = h('form', { novalidate: true }, name.wrapper, email.wrapper, roles.fieldset, outcome, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    outcome.replaceChildren();
    const nameValue = name.input.value.trim();
    const emailValue = email.input.value.trim();
    name.setError(nameValue === '' ? t('admin.required') : undefined);
    email.setError(/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(emailValue) ? undefined : t('admin.emailInvalid'));
    const chosen = roles.boxes.filter((box) => box.checked).map((box) => box.value);
    roles.error.textContent = chosen.length === 0 ? t('people.chooseRole') : '';
    const firstInvalid =
      nameValue === ''
        ? name.input
        : email.input.hasAttribute('aria-invalid')
          ? email.input
          : chosen.length === 0
            ? roles.boxes[0]
            : undefined;
    if (firstInvalid) {
      outcome.replaceChildren(alertBox(t('admin.checkFields')));
      firstInvalid.focus();
      return;
    }
    submit.disabled = true;
    void api<AdminPerson>(tenantPath(session.tenant, '/people'), {
      method: 'POST',
      body: { name: nameValue, email: emailValue, roles: chosen },
    })
      .then((person) => {
        flash(t('people.created', { name: person.name }), 'success');
        navigate(PEOPLE_PAGE);
      })
      .catch((error: unknown) => {
        // The address is the field at fault: marked there too, in the page's words.
        if (error instanceof ApiError && error.code === 'PERSON.EMAIL_TAKEN') email.setError(problemText(error.problem, currentLanguage()));
        outcome.replaceChildren(
          failureView(
            error,
            t('people.create'),
            async () => undefined,
            (field) => {
              if (field === 'name') name.setError(t('admin.fieldInvalid'));
              else if (field === 'email') email.setError(t('admin.fieldInvalid'));
              else if (field.startsWith('roles')) roles.error.textContent = t('admin.fieldInvalid');
              else return false;
              return true;
            },
          ),
        );
        submit.disabled = false;
      });
  });
  showPage(main, t('people.new'), h('p', {}, t('people.newIntro')), form, h('p', {}, h('a', { href: PEOPLE_PAGE }, t('people.back'))));
}

/** One person: their roles, and deactivating or reactivating them (after saying what that does). */
export async function personPage(main: HTMLElement, session: Session, personId: string): Promise<void> {
  showLoading(main, t('people.edit'));
  const people = await api<AdminPerson[]>(tenantPath(session.tenant, '/people?view=admin'));
  const person = people.find((candidate) => candidate.id === personId);
  if (!person) {
    showPage(main, t('people.edit'), alertBox(t('people.notFound')), h('p', {}, h('a', { href: PEOPLE_PAGE }, t('people.title'))));
    return;
  }
  const path = tenantPath(session.tenant, `/people/${person.id}`);
  const roles = roleChoice('person', person.roles);
  const outcome = h('div', {});
  const submit = h('button', { type: 'submit' }, t('people.saveRoles'));
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'roles-title' },
    h('h2', { id: 'roles-title' }, t('people.roles')),
    roles.fieldset,
    outcome,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    outcome.replaceChildren();
    const chosen = roles.boxes.filter((box) => box.checked).map((box) => box.value);
    roles.error.textContent = chosen.length === 0 ? t('people.chooseRole') : '';
    if (chosen.length === 0) {
      outcome.replaceChildren(alertBox(t('admin.checkFields')));
      roles.boxes[0].focus();
      return;
    }
    submit.disabled = true;
    void api<AdminPerson>(path, { method: 'PATCH', body: { roles: chosen } })
      .then((saved) => {
        flash(t('people.rolesSaved', { name: saved.name }), 'success');
        navigate(`${PEOPLE_PAGE}/${person.id}`);
      })
      .catch((error: unknown) => {
        outcome.replaceChildren(alertBox(describeFailure(error)));
        submit.disabled = false;
      });
  });
  showPage(
    main,
    `${t('people.edit')}: ${person.name}`,
    takeFlash(),
    h(
      'dl',
      { class: 'details' },
      h('dt', {}, t('people.email')),
      h('dd', {}, person.email),
      h('dt', {}, t('people.status')),
      h('dd', {}, person.active ? t('people.active') : t('people.inactive')),
    ),
    form,
    accessSection(path, person),
    h('p', {}, h('a', { href: PEOPLE_PAGE }, t('people.back'))),
  );
}

/** Deactivating takes effect at once, so the page says what it does and asks first; reactivating needs no second step. */
function accessSection(path: string, person: AdminPerson): HTMLElement {
  const outcome = h('div', {});
  const change = async (active: boolean): Promise<void> => {
    try {
      const saved = await api<AdminPerson>(path, { method: 'PATCH', body: { active } });
      flash(t(active ? 'people.reactivated' : 'people.deactivated', { name: saved.name }), 'success');
      navigate(`${PEOPLE_PAGE}/${person.id}`);
    } catch (error) {
      outcome.replaceChildren(alertBox(describeFailure(error)));
    }
  };
  const start = h(
    'button',
    { type: 'button', class: person.active ? 'danger' : '' },
    t(person.active ? 'people.deactivate' : 'people.reactivate'),
  );
  start.addEventListener('click', () => {
    if (!person.active) {
      start.disabled = true;
      void change(true).finally(() => (start.disabled = false));
      return;
    }
    confirmDanger(
      outcome,
      start,
      {
        id: 'deactivate-question',
        text: t('people.deactivateConfirm', { name: person.name }),
        yes: t('people.deactivateYes'),
      },
      () => void change(false),
    );
  });
  return h(
    'section',
    { 'aria-labelledby': 'access-title' },
    h('h2', { id: 'access-title' }, t('people.access')),
    h('p', { class: 'hint' }, t(person.active ? 'people.deactivateIntro' : 'people.reactivateIntro')),
    h('div', { class: 'actions' }, start),
    outcome,
  );
}

/** CSV import for municipalities without a directory of their own: the report says what happened to every line. */
function importSection(session: Session): HTMLElement {
  const file = h('input', {
    id: 'people-file',
    name: 'file',
    type: 'file',
    accept: '.csv,text/csv',
    'aria-describedby': 'people-import-hint',
  });
  const button = h('button', { type: 'submit' }, t('people.importSubmit'));
  const outcome = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    {},
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'people-file' }, t('people.importFile')),
      h('p', { id: 'people-import-hint', class: 'hint' }, t('people.importHint')),
      file,
    ),
    button,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) {
      outcome.replaceChildren(alertBox(t('import.chooseFile')));
      file.focus();
      return;
    }
    button.disabled = true;
    outcome.replaceChildren(h('p', {}, t('import.processing')));
    void uploadCsv<PeopleImportReport>(tenantPath(session.tenant, '/people/import'), chosen)
      .then((report) => outcome.replaceChildren(importReport(report)))
      .catch((error: unknown) => outcome.replaceChildren(alertBox(describeFailure(error))))
      .finally(() => (button.disabled = false));
  });
  return h(
    'section',
    { 'aria-labelledby': 'people-import-title' },
    h('h2', { id: 'people-import-title' }, t('people.importTitle')),
    form,
    outcome,
  );
}

function importReport(report: PeopleImportReport): HTMLElement {
  return h(
    'section',
    { 'aria-labelledby': 'people-import-result' },
    h('h3', { id: 'people-import-result' }, t('people.importResultTitle')),
    alertBox(
      t('people.importResult', {
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        refused: report.refusedCount,
      }),
      report.refusedCount > 0 ? 'error' : 'success',
    ),
    report.refused.length === 0
      ? null
      : scrollable(
          dataTable(
            t('people.importRefused'),
            ['import.line', 'import.reason'],
            report.refused.map((row) => h('tr', {}, h('td', {}, row.line), h('td', {}, row.reason))),
            { visibleCaption: true },
          ),
        ),
    h('p', {}, h('a', { href: PEOPLE_PAGE }, t('people.importReload'))),
  );
}
