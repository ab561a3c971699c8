import { formField } from '../admin-forms.js';
import { api, ApiError, tenantPath } from '../api.js';
import { h } from '../dom.js';
import { t, type MessageKey } from '../i18n.js';
import type { Session } from '../session.js';
import { alertBox, describeFailure } from '../ui.js';

/** The roles a municipality's issuer can grant, in the order the form asks for their claim values. */
const ROLES = ['staff', 'clerk', 'it-admin', 'tenant-admin'] as const;

interface TenantIdentity {
  issuer: string;
  audience: string;
  clientId: string;
  rolesClaim: string;
  roleMapping: Record<string, string>;
  emailVerified: 'claim' | 'trusted';
}

/**
 * "Identitätsanbieter / Identity provider" on the people page (tenant-admin): the municipality's own
 * OpenID Connect issuer — shown, changed, removed. Values of the roles claim are entered per role,
 * separated by commas; the API takes them as `roleMapping`.
 */
export async function identityProviderSection(session: Session): Promise<HTMLElement> {
  const path = tenantPath(session.tenant, '/identity');
  let current: TenantIdentity | undefined;
  let loadFailure: string | undefined;
  try {
    current = await api<TenantIdentity>(path);
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'IDENTITY.NOT_CONFIGURED')) loadFailure = describeFailure(error);
  }
  const text = (id: string, value = '') => h('input', { id, name: id, type: 'text', value, autocomplete: 'off', spellcheck: 'false' });
  const issuer = formField(text('idp-issuer', current?.issuer), t('idp.issuer'), t('idp.issuerHint'));
  const audience = formField(text('idp-audience', current?.audience ?? 'amtsweg'), t('idp.audience'), t('idp.audienceHint'));
  const clientId = formField(text('idp-client', current?.clientId), t('idp.clientId'), t('idp.clientIdHint'));
  const rolesClaim = formField(
    text('idp-roles-claim', current?.rolesClaim ?? 'realm_access.roles'),
    t('idp.rolesClaim'),
    t('idp.rolesClaimHint'),
  );
  const roleFields = ROLES.map((role) =>
    formField(
      text(`idp-role-${role}`, valuesFor(current?.roleMapping ?? {}, role).join(', ')),
      t('idp.roleValues', { role: t(`people.role.${role}` as MessageKey) }),
    ),
  );
  const emailVerified = h(
    'select',
    { id: 'idp-email-verified', name: 'emailVerified' },
    h('option', { value: 'claim' }, t('idp.emailClaim')),
    h('option', { value: 'trusted' }, t('idp.emailTrusted')),
  );
  emailVerified.value = current?.emailVerified ?? 'claim';
  const emailField = formField(emailVerified, t('idp.emailVerified'), t('idp.emailVerifiedHint'));
  const fields = [issuer, audience, clientId, rolesClaim];
  const save = h('button', { type: 'submit' }, t('idp.save'));
  const outcome = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { novalidate: '' },
    ...fields.map((field) => field.wrapper),
    h(
      'fieldset',
      {},
      h('legend', {}, t('idp.roleMapping')),
      h('p', { class: 'hint' }, t('idp.roleMappingHint')),
      ...roleFields.map((f) => f.wrapper),
    ),
    emailField.wrapper,
    h('div', { class: 'actions' }, save),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    for (const field of fields) field.setError(field.input.value.trim() ? undefined : t('idp.required'));
    const empty = fields.find((field) => !field.input.value.trim());
    if (empty) {
      empty.input.focus();
      return;
    }
    const roleMapping: Record<string, string> = {};
    ROLES.forEach((role, index) => {
      for (const value of roleFields[index].input.value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean))
        roleMapping[value] = role;
    });
    save.disabled = true;
    void api<TenantIdentity>(path, {
      method: 'PUT',
      body: {
        issuer: issuer.input.value.trim(),
        audience: audience.input.value.trim(),
        clientId: clientId.input.value.trim(),
        rolesClaim: rolesClaim.input.value.trim(),
        roleMapping,
        emailVerified: emailVerified.value,
      },
    })
      .then(() => {
        outcome.replaceChildren(alertBox(t('idp.saved'), 'success'));
        remove.hidden = false;
      })
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.code === 'IDENTITY.INVALID_ISSUER') issuer.setError(describeFailure(error));
        outcome.replaceChildren(alertBox(describeFailure(error)));
      })
      .finally(() => (save.disabled = false));
  });
  const remove = h('button', { type: 'button', class: 'danger' }, t('idp.remove'));
  remove.hidden = !current;
  remove.addEventListener('click', () => {
    remove.disabled = true;
    void api<void>(path, { method: 'DELETE' })
      .then(() => {
        outcome.replaceChildren(alertBox(t('idp.removed'), 'success'));
        remove.hidden = true;
      })
      .catch((error: unknown) => outcome.replaceChildren(alertBox(describeFailure(error))))
      .finally(() => (remove.disabled = false));
  });
  return h(
    'section',
    { 'aria-labelledby': 'idp-title' },
    h('h2', { id: 'idp-title' }, t('idp.title')),
    h('p', {}, t(current ? 'idp.introConfigured' : 'idp.intro')),
    loadFailure ? alertBox(loadFailure) : null,
    form,
    h('div', { class: 'actions' }, remove),
    outcome,
  );
}

function valuesFor(mapping: Record<string, string>, role: string): string[] {
  return Object.entries(mapping)
    .filter(([, mapped]) => mapped === role)
    .map(([value]) => value);
}
