import { failureView, formField, type FormField } from '../admin-forms.js';
import { api, ApiError, tenantPath } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import type { Session } from '../session.js';
import { alertBox, flash, recordRow, showLoading, showPage, tableOrNone, takeFlash } from '../ui.js';

export const PROFILES_PAGE = '/arbeitsplatz/profile';

interface Profile {
  id: string;
  name: string;
  configuration: {
    wifi: Array<{ ssid: string; security: string }>;
    vpn: { type: string; server: string; port?: number } | null;
    mail: { protocol: string; server: string; supportAddress?: string } | null;
    apps: string[];
  };
  createdAt: string;
}

const WIFI_SECURITY = ['WPA2-Enterprise', 'WPA3-Enterprise', 'WPA2-PSK', 'WPA3-SAE'];
const VPN_TYPES = ['wireguard', 'ipsec-ikev2'];
const MAIL_PROTOCOLS = ['exchange-activesync', 'imap'];
/** What the devices service accepts as an app's package id, and as a server name. */
const APP_ID = /^[A-Za-z0-9._-]{1,200}$/;
const HOST = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** The provisioning profiles a device gets when it is set up: Wi-Fi, VPN, mail, apps. Never shows a passphrase. */
export async function profilesPage(main: HTMLElement, session: Session): Promise<void> {
  showLoading(main, t('profiles.title'));
  const profiles = await api<Profile[]>(tenantPath(session.tenant, '/provisioning-profiles'));
  showPage(
    main,
    t('profiles.title'),
    takeFlash(),
    h('p', {}, t('profiles.intro')),
    h('p', {}, h('a', { href: `${PROFILES_PAGE}/neu`, class: 'button' }, t('profiles.new'))),
    tableOrNone(
      t('profiles.none'),
      t('profiles.title'),
      ['profiles.name', 'profiles.wifi', 'profiles.vpn', 'profiles.mail', 'profiles.apps'],
      profiles.map(({ name, configuration }) =>
        recordRow(
          name,
          configuration.wifi.map((wifi) => `${wifi.ssid} (${wifi.security})`).join(', ') || '–',
          configuration.vpn ? `${configuration.vpn.type}: ${configuration.vpn.server}` : '–',
          configuration.mail ? `${configuration.mail.protocol}: ${configuration.mail.server}` : '–',
          configuration.apps.join(', ') || '–',
        ),
      ),
    ),
  );
}

function select(id: string, name: string, options: Array<{ value: string; text: string }>): HTMLSelectElement {
  return h('select', { id, name }, ...options.map((option) => h('option', { value: option.value }, option.text)));
}

/** A new profile: one Wi-Fi network, a VPN and a mail account (each optional), and the apps. */
export function newProfilePage(main: HTMLElement, session: Session): void {
  const name = formField(
    h('input', { id: 'profile-name', name: 'name', type: 'text', required: true, maxlength: 100 }),
    t('profiles.name'),
  );
  const ssid = formField(
    h('input', { id: 'profile-ssid', name: 'ssid', type: 'text', maxlength: 32 }),
    t('profiles.ssid'),
    t('profiles.ssidHint'),
  );
  const security = formField(
    select(
      'profile-security',
      'security',
      WIFI_SECURITY.map((value) => ({ value, text: value })),
    ),
    t('profiles.security'),
  );
  const passphrase = formField(
    h('input', { id: 'profile-passphrase', name: 'passphrase', type: 'password', autocomplete: 'new-password', maxlength: 63 }),
    t('profiles.passphrase'),
    t('profiles.passphraseHint'),
  );
  const vpnType = formField(
    select('profile-vpn-type', 'vpnType', [
      { value: '', text: t('profiles.none.option') },
      ...VPN_TYPES.map((value) => ({ value, text: value })),
    ]),
    t('profiles.vpnType'),
  );
  const vpnServer = formField(
    h('input', { id: 'profile-vpn-server', name: 'vpnServer', type: 'text', maxlength: 253 }),
    t('profiles.server'),
  );
  const vpnPort = formField(
    h('input', { id: 'profile-vpn-port', name: 'vpnPort', type: 'number', min: 1, max: 65535, step: 1, inputmode: 'numeric' }),
    t('profiles.port'),
  );
  const mailProtocol = formField(
    select('profile-mail-protocol', 'mailProtocol', [
      { value: '', text: t('profiles.none.option') },
      ...MAIL_PROTOCOLS.map((value) => ({ value, text: value })),
    ]),
    t('profiles.mailProtocol'),
  );
  const mailServer = formField(
    h('input', { id: 'profile-mail-server', name: 'mailServer', type: 'text', maxlength: 253 }),
    t('profiles.server'),
  );
  const support = formField(
    h('input', { id: 'profile-mail-support', name: 'supportAddress', type: 'email', maxlength: 254 }),
    t('profiles.supportAddress'),
    t('profiles.supportAddressHint'),
  );
  const apps = formField(h('textarea', { id: 'profile-apps', name: 'apps', rows: 4 }), t('profiles.apps'), t('profiles.appsHint'));
  const outcome = h('div', {});
  const submit = h('button', { type: 'submit' }, t('profiles.create'));
  const form = h(
    'form',
    { novalidate: true },
    name.wrapper,
    h('fieldset', {}, h('legend', {}, t('profiles.wifi')), ssid.wrapper, security.wrapper, passphrase.wrapper),
    h('fieldset', {}, h('legend', {}, t('profiles.vpn')), vpnType.wrapper, vpnServer.wrapper, vpnPort.wrapper),
    h('fieldset', {}, h('legend', {}, t('profiles.mail')), mailProtocol.wrapper, mailServer.wrapper, support.wrapper),
    apps.wrapper,
    outcome,
    submit,
  );
  const fields: Record<string, FormField<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>> = {
    name,
    'wifi.0.ssid': ssid,
    'wifi.0.security': security,
    'wifi.0.passphrase': passphrase,
    'vpn.type': vpnType,
    'vpn.server': vpnServer,
    'vpn.port': vpnPort,
    'mail.protocol': mailProtocol,
    'mail.server': mailServer,
    'mail.supportAddress': support,
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    outcome.replaceChildren();
    let firstInvalid: HTMLElement | undefined;
    const check = (field: FormField<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>, message: string | undefined) => {
      field.setError(message);
      if (message) firstInvalid ??= field.input;
    };
    check(name, name.input.value.trim() === '' ? t('admin.required') : undefined);
    const withWifi = ssid.input.value.trim() !== '';
    const needsPassphrase = security.input.value.endsWith('PSK') || security.input.value.endsWith('SAE');
    const secret = passphrase.input.value;
    check(
      passphrase,
      withWifi && needsPassphrase && (secret.length < 8 || secret.length > 63) ? t('profiles.passphraseInvalid') : undefined,
    );
    const withVpn = vpnType.input.value !== '';
    check(vpnServer, withVpn && !HOST.test(vpnServer.input.value.trim()) ? t('profiles.serverInvalid') : undefined);
    const port = vpnPort.input.value === '' ? undefined : Number(vpnPort.input.value);
    check(
      vpnPort,
      port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535) ? t('admin.range', { min: 1, max: 65535 }) : undefined,
    );
    const withMail = mailProtocol.input.value !== '';
    check(mailServer, withMail && !HOST.test(mailServer.input.value.trim()) ? t('profiles.serverInvalid') : undefined);
    const supportAddress = support.input.value.trim();
    check(support, supportAddress !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(supportAddress) ? t('admin.emailInvalid') : undefined);
    const appIds = apps.input.value
      .split(/[\n,]/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
    check(apps, appIds.length > 100 || appIds.some((id) => !APP_ID.test(id)) ? t('profiles.appsInvalid') : undefined);
    if (firstInvalid) {
      outcome.replaceChildren(alertBox(t('admin.checkFields')));
      firstInvalid.focus();
      return;
    }
    const body = {
      name: name.input.value.trim(),
      ...(withWifi
        ? { wifi: [{ ssid: ssid.input.value.trim(), security: security.input.value, ...(needsPassphrase ? { passphrase: secret } : {}) }] }
        : {}),
      ...(withVpn ? { vpn: { type: vpnType.input.value, server: vpnServer.input.value.trim(), ...(port ? { port } : {}) } } : {}),
      ...(withMail
        ? {
            mail: {
              protocol: mailProtocol.input.value,
              server: mailServer.input.value.trim(),
              ...(supportAddress ? { supportAddress } : {}),
            },
          }
        : {}),
      apps: appIds,
    };
    submit.disabled = true;
    void api<Profile>(tenantPath(session.tenant, '/provisioning-profiles'), { method: 'POST', body })
      .then((profile) => {
        flash(t('profiles.saved', { name: profile.name }), 'success');
        navigate(PROFILES_PAGE);
      })
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.code === 'PROFILE.NAME_TAKEN') name.setError(t('profiles.nameTaken'));
        outcome.replaceChildren(
          failureView(
            error,
            t('admin.save'),
            async () => undefined,
            (path) => {
              const field = fields[path] ?? (path.startsWith('apps') ? apps : undefined);
              field?.setError(t('admin.fieldInvalid'));
              return field !== undefined;
            },
          ),
        );
        submit.disabled = false;
      });
  });
  showPage(
    main,
    t('profiles.new'),
    h('p', {}, t('profiles.newIntro')),
    form,
    h('p', {}, h('a', { href: PROFILES_PAGE }, t('profiles.back'))),
  );
}
