import { failureView, formField, type FormField } from '../admin-forms.js';
import { api, ApiError } from '../api.js';
import { h } from '../dom.js';
import { currentLanguage, t, type MessageKey } from '../i18n.js';
import { problemText } from '../problem-texts.js';
import { navigate } from '../router.js';
import type { Session } from '../session.js';
import { alertBox, describeFailure, flash, recordRow, showLoading, showPage, tableOrNone, takeFlash } from '../ui.js';
import { confirmDanger } from './admin-blocks.js';

/** The IT service provider's page (role provider-admin, a token without a tenant): its municipalities. */
export const PROVIDER_PAGE = '/betrieb';

/** The federal states as the API takes them; each selects the public holidays that close the offices. */
const FEDERAL_STATES = ['BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH'] as const;

interface ProviderTenant {
  slug: string;
  name: string;
  federalState: string;
  timeZone: string;
  suspended: boolean;
  counts: { offices: number; services: number; people: number };
}

interface CreatedPerson {
  id: string;
  name: string;
  email: string;
}

const TENANTS = '/api/v1/tenants';

export function isProviderAdmin(session: Session): boolean {
  return session.roles.includes('provider-admin');
}

function stateName(code: string): string {
  return (FEDERAL_STATES as readonly string[]).includes(code) ? t(`provider.state.${code}` as MessageKey) : code;
}

function tenantPage(slug: string): string {
  return `${PROVIDER_PAGE}/${encodeURIComponent(slug)}`;
}

/** Only a provider-admin's session sees the provider's pages; anyone else is told so. */
function refuseOthers(main: HTMLElement, session: Session): boolean {
  if (isProviderAdmin(session)) return false;
  showPage(
    main,
    t('provider.title'),
    alertBox(t('provider.onlyProvider')),
    h('p', {}, h('a', { href: '/arbeitsplatz' }, t('workspace.title'))),
  );
  return true;
}

/** Every municipality with its state and counts, and the form that puts a new one on amtsweg. */
export async function providerPage(main: HTMLElement, session: Session): Promise<void> {
  if (refuseOthers(main, session)) return;
  showLoading(main, t('provider.title'));
  const tenants = await api<ProviderTenant[]>(`${TENANTS}?all=true`);
  showPage(
    main,
    t('provider.title'),
    takeFlash(),
    h('p', {}, t('provider.intro')),
    h(
      'section',
      { 'aria-labelledby': 'provider-list-title' },
      h('h2', { id: 'provider-list-title' }, t('provider.listTitle')),
      tableOrNone(
        t('provider.none'),
        t('provider.listTitle'),
        ['provider.name', 'provider.slug', 'provider.federalState', 'provider.status', 'provider.counts'],
        tenants.map((tenant) =>
          recordRow(
            h('a', { href: tenantPage(tenant.slug) }, tenant.name),
            tenant.slug,
            stateName(tenant.federalState),
            tenant.suspended ? t('provider.suspended') : t('provider.active'),
            t('provider.countsValue', tenant.counts),
          ),
        ),
      ),
    ),
    createSection(),
  );
}

/** A new municipality: slug, name, federal state (German names), time zone optional. */
function createSection(): HTMLElement {
  const slug = formField(
    h('input', {
      id: 'tenant-slug',
      name: 'slug',
      type: 'text',
      required: true,
      maxlength: 63,
      autocomplete: 'off',
      spellcheck: 'false',
      autocapitalize: 'none',
    }),
    t('provider.slug'),
    t('provider.slugHint'),
  );
  const name = formField(
    h('input', { id: 'tenant-name', name: 'name', type: 'text', required: true, maxlength: 200, autocomplete: 'off' }),
    t('provider.name'),
  );
  const state = formField(
    h(
      'select',
      { id: 'tenant-federal-state', name: 'federalState', required: true },
      h('option', { value: '' }, t('provider.chooseState')),
      ...FEDERAL_STATES.map((code) => h('option', { value: code }, `${stateName(code)} (${code})`)),
    ),
    t('provider.federalState'),
    t('provider.federalStateHint'),
  );
  const timeZone = formField(
    h('input', { id: 'tenant-time-zone', name: 'timeZone', type: 'text', maxlength: 64, autocomplete: 'off', spellcheck: 'false' }),
    t('provider.timeZoneOptional'),
    t('provider.timeZoneHint'),
  );
  const outcome = h('div', {});
  const submit = h('button', { type: 'submit' }, t('provider.create'));
  const form = h('form', { novalidate: true }, slug.wrapper, name.wrapper, state.wrapper, timeZone.wrapper, outcome, submit);
  const fields: Record<string, FormField<HTMLInputElement | HTMLSelectElement>> = { slug, name, federalState: state, timeZone };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    outcome.replaceChildren();
    const body: Record<string, string> = {
      slug: slug.input.value.trim(),
      name: name.input.value.trim(),
      federalState: state.input.value,
    };
    const zone = timeZone.input.value.trim();
    if (zone !== '') body.timeZone = zone;
    slug.setError(/^[a-z0-9-]{2,63}$/.test(body.slug) ? undefined : t('provider.slugInvalid'));
    name.setError(body.name === '' ? t('admin.required') : undefined);
    state.setError(body.federalState === '' ? t('provider.chooseStateError') : undefined);
    timeZone.setError(undefined);
    const firstInvalid = [slug, name, state].find((field) => field.input.hasAttribute('aria-invalid'));
    if (firstInvalid) {
      outcome.replaceChildren(alertBox(t('admin.checkFields')));
      firstInvalid.input.focus();
      return;
    }
    submit.disabled = true;
    void api<ProviderTenant>(TENANTS, { method: 'POST', body })
      .then((created) => {
        flash(t('provider.created', { name: created.name }), 'success');
        navigate(tenantPage(created.slug));
      })
      .catch((error: unknown) => {
        // A refused slug or time zone is the field at fault: marked there too, in the page's words.
        if (error instanceof ApiError && error.code?.startsWith('TENANT.SLUG_'))
          slug.setError(problemText(error.problem, currentLanguage()));
        if (error instanceof ApiError && error.code === 'TENANT.TIME_ZONE_UNKNOWN')
          timeZone.setError(problemText(error.problem, currentLanguage()));
        outcome.replaceChildren(
          failureView(
            error,
            t('provider.create'),
            async () => undefined,
            (field) => {
              const at = fields[field];
              if (!at) return false;
              if (!at.input.hasAttribute('aria-invalid')) at.setError(t('admin.fieldInvalid'));
              return true;
            },
          ),
        );
        submit.disabled = false;
      });
  });
  return h(
    'section',
    { 'aria-labelledby': 'provider-create-title' },
    h('h2', { id: 'provider-create-title' }, t('provider.createTitle')),
    form,
  );
}

/** One municipality: its details, renaming, suspending or reactivating, and naming its tenant-admins. */
export async function providerTenantPage(main: HTMLElement, session: Session, slug: string): Promise<void> {
  if (refuseOthers(main, session)) return;
  showLoading(main, t('provider.tenant'));
  const tenant = (await api<ProviderTenant[]>(`${TENANTS}?all=true`)).find((candidate) => candidate.slug === slug);
  if (!tenant) {
    showPage(main, t('provider.tenant'), alertBox(t('provider.notFound')), h('p', {}, h('a', { href: PROVIDER_PAGE }, t('provider.back'))));
    return;
  }
  showPage(
    main,
    `${t('provider.tenant')}: ${tenant.name}`,
    takeFlash(),
    h(
      'dl',
      { class: 'details' },
      h('dt', {}, t('provider.slug')),
      h('dd', {}, tenant.slug),
      h('dt', {}, t('provider.federalState')),
      h('dd', {}, stateName(tenant.federalState)),
      h('dt', {}, t('provider.timeZone')),
      h('dd', {}, tenant.timeZone),
      h('dt', {}, t('provider.status')),
      h('dd', {}, tenant.suspended ? t('provider.suspended') : t('provider.active')),
      h('dt', {}, t('provider.counts')),
      h('dd', {}, t('provider.countsValue', tenant.counts)),
    ),
    tenantAdminSection(tenant),
    renameSection(tenant),
    suspensionSection(tenant),
    h('p', {}, h('a', { href: PROVIDER_PAGE }, t('provider.back'))),
  );
}

/** The municipality's first (or another) tenant-admin: name and address; they get the invitation mail. */
function tenantAdminSection(tenant: ProviderTenant): HTMLElement {
  const name = formField(
    h('input', { id: 'admin-name', name: 'name', type: 'text', required: true, maxlength: 200, autocomplete: 'off' }),
    t('provider.adminName'),
  );
  const email = formField(
    h('input', { id: 'admin-email', name: 'email', type: 'email', required: true, maxlength: 254, autocomplete: 'off' }),
    t('provider.adminEmail'),
    t('provider.adminEmailHint'),
  );
  const outcome = h('div', {});
  const submit = h('button', { type: 'submit' }, t('provider.adminCreate'));
  const form = h('form', { novalidate: true }, name.wrapper, email.wrapper, outcome, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    outcome.replaceChildren();
    const nameValue = name.input.value.trim();
    const emailValue = email.input.value.trim();
    name.setError(nameValue === '' ? t('admin.required') : undefined);
    email.setError(/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(emailValue) ? undefined : t('admin.emailInvalid'));
    const firstInvalid = [name, email].find((field) => field.input.hasAttribute('aria-invalid'));
    if (firstInvalid) {
      outcome.replaceChildren(alertBox(t('admin.checkFields')));
      firstInvalid.input.focus();
      return;
    }
    submit.disabled = true;
    void api<CreatedPerson>(`${TENANTS}/${encodeURIComponent(tenant.slug)}/people`, {
      method: 'POST',
      body: { name: nameValue, email: emailValue, roles: ['tenant-admin'] },
    })
      .then((person) => {
        flash(t('provider.adminCreated', { name: person.name, email: person.email }), 'success');
        navigate(tenantPage(tenant.slug));
      })
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.code === 'PERSON.EMAIL_TAKEN') email.setError(problemText(error.problem, currentLanguage()));
        outcome.replaceChildren(
          failureView(
            error,
            t('provider.adminCreate'),
            async () => undefined,
            (field) => {
              const at = field === 'name' ? name : field === 'email' ? email : undefined;
              if (!at) return false;
              if (!at.input.hasAttribute('aria-invalid')) at.setError(t('admin.fieldInvalid'));
              return true;
            },
          ),
        );
        submit.disabled = false;
      });
  });
  return h(
    'section',
    { 'aria-labelledby': 'provider-admin-title' },
    h('h2', { id: 'provider-admin-title' }, t('provider.adminTitle')),
    h('p', { class: 'hint' }, t('provider.adminIntro')),
    form,
  );
}

function renameSection(tenant: ProviderTenant): HTMLElement {
  const name = formField(
    h('input', { id: 'rename-name', name: 'name', type: 'text', required: true, maxlength: 200, autocomplete: 'off', value: tenant.name }),
    t('provider.name'),
  );
  const outcome = h('div', {});
  const submit = h('button', { type: 'submit' }, t('provider.rename'));
  const form = h('form', { novalidate: true }, name.wrapper, outcome, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    outcome.replaceChildren();
    const value = name.input.value.trim();
    name.setError(value === '' ? t('admin.required') : undefined);
    if (value === '') {
      outcome.replaceChildren(alertBox(t('admin.checkFields')));
      name.input.focus();
      return;
    }
    submit.disabled = true;
    void patchTenant(tenant, { name: value }, outcome)
      .then((saved) => {
        if (saved) flash(t('provider.renamed', { name: saved.name }), 'success');
        if (saved) navigate(tenantPage(tenant.slug));
      })
      .finally(() => (submit.disabled = false));
  });
  return h(
    'section',
    { 'aria-labelledby': 'provider-rename-title' },
    h('h2', { id: 'provider-rename-title' }, t('provider.renameTitle')),
    form,
  );
}

/** Suspending takes effect at once in every service, so the page asks first; reactivating needs no second step. */
function suspensionSection(tenant: ProviderTenant): HTMLElement {
  const outcome = h('div', {});
  const start = h(
    'button',
    { type: 'button', class: tenant.suspended ? '' : 'danger' },
    t(tenant.suspended ? 'provider.reactivate' : 'provider.suspend'),
  );
  const change = async (suspended: boolean): Promise<void> => {
    const saved = await patchTenant(tenant, { suspended }, outcome);
    if (!saved) return;
    flash(t(suspended ? 'provider.suspendedDone' : 'provider.reactivatedDone', { name: saved.name }), 'success');
    navigate(tenantPage(tenant.slug));
  };
  start.addEventListener('click', () => {
    if (tenant.suspended) {
      start.disabled = true;
      void change(false).finally(() => (start.disabled = false));
      return;
    }
    confirmDanger(
      outcome,
      start,
      { id: 'suspend-question', text: t('provider.suspendConfirm', { name: tenant.name }), yes: t('provider.suspendYes') },
      () => void change(true),
    );
  });
  return h(
    'section',
    { 'aria-labelledby': 'provider-suspension-title' },
    h('h2', { id: 'provider-suspension-title' }, t('provider.suspensionTitle')),
    h('p', { class: 'hint' }, t(tenant.suspended ? 'provider.reactivateIntro' : 'provider.suspendIntro')),
    h('div', { class: 'actions' }, start),
    outcome,
  );
}

/** The tenant as saved, or undefined after showing why not in `outcome`. */
async function patchTenant(tenant: ProviderTenant, body: object, outcome: HTMLElement): Promise<ProviderTenant | undefined> {
  try {
    return await api<ProviderTenant>(`${TENANTS}/${encodeURIComponent(tenant.slug)}`, { method: 'PATCH', body });
  } catch (error) {
    outcome.replaceChildren(alertBox(describeFailure(error)));
    return undefined;
  }
}
