// The layer rules of docs/architecture.md as an ESLint rule. It resolves each import of our own code
// (a relative path, or an `@amtsweg/<name>` alias) to the folder it lands in, so a rule is about
// where code lives, not about how an import happens to be spelled.
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(fileURLToPath(import.meta.url));

/** `apps/<name>/…` or `libs/<name>/…` → its kind and name; anything else (tests, bench, scripts) → undefined. */
function unitOf(path) {
  const match = /^(apps|libs)\/([^/]+)(?:\/(.*))?$/.exec(relative(ROOT, path).split(sep).join('/'));
  return match ? { kind: match[1] === 'apps' ? 'app' : 'lib', name: match[2], rest: match[3] ?? '' } : undefined;
}

/** Where an import specifier lands, as an absolute path without extension; undefined for npm packages. */
function targetOf(specifier, fromFile) {
  if (specifier.startsWith('.')) return resolve(dirname(fromFile), specifier);
  const alias = /^@amtsweg\/([^/]+)(?:\/(.*))?$/.exec(specifier);
  if (!alias) return undefined;
  const [, name, subpath = ''] = alias;
  const base = existsSync(join(ROOT, 'libs', name)) ? join(ROOT, 'libs', name, 'src') : join(ROOT, 'apps', name, 'src');
  return join(base, subpath);
}

/** A service's public entry: `apps/<service>/src/index.ts`, imported as the folder, the file or `@amtsweg/<service>`. */
const isPublicEntry = (unit) => unit.rest === 'src' || unit.rest === 'src/index' || unit.rest === 'src/index.ts';

/** Why importing `to` from `from` breaks a layer rule, or undefined when it is allowed. */
function violation(from, to) {
  if (!from || !to) return undefined;
  if (from.kind === 'app' && to.kind === 'app' && from.name !== to.name) {
    if (from.name === 'gateway' && isPublicEntry(to)) return undefined;
    return `apps/${from.name} imports apps/${to.name}/${to.rest}: services share nothing but events; only the gateway composes them, through apps/<service>/src/index.ts`;
  }
  if (from.kind === 'lib' && to.kind === 'app')
    return `libs/${from.name} imports apps/${to.name}: libraries serve every service and know none`;
  if (from.kind === 'lib' && from.name === 'contracts' && !(to.kind === 'lib' && to.name === 'contracts'))
    return `libs/contracts imports ${to.kind === 'lib' ? 'libs' : 'apps'}/${to.name}: the event contracts depend on nothing of ours`;
  if (from.kind === 'lib' && from.name === 'platform' && to.kind === 'lib' && to.name !== 'platform')
    return `libs/platform imports libs/${to.name}: platform is the bottom layer (eventing builds on it, not the other way)`;
  return undefined;
}

const layers = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps apps apart and the libraries layered (docs/architecture.md, "Layers")' },
    schema: [],
    messages: { layer: '{{reason}}' },
  },
  create(context) {
    const from = unitOf(context.filename);
    const check = (source) => {
      if (!source || typeof source.value !== 'string') return;
      const target = targetOf(source.value, context.filename);
      const reason = target && violation(from, unitOf(target));
      if (reason) context.report({ node: source, messageId: 'layer', data: { reason } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source.type === 'Literal' ? node.source : undefined),
    };
  },
};

export const layerPlugin = { rules: { layers } };

/**
 * Domain modules: the rules of an aggregate as plain functions and types (apps/appointments/src/booking/booking.ts
 * is the model). They import no persistence and no web framework, so they are tested without either.
 * A new domain module is listed here.
 */
export const DOMAIN_FILES = [
  'apps/appointments/src/booking/{booking,bookable-start,booking-conflicts,email-limit,manage-token}.ts',
  'apps/appointments/src/office/{office,opening-hours}.ts',
  'apps/appointments/src/preferences/stated-preferences.ts',
  'apps/appointments/src/release/{release,release-draw,held-back,seeded-random}.ts',
  'apps/appointments/src/slots/{booking-window,free-slots,slot-schedule}.ts',
  'apps/appointments/src/tenancy/tenant.ts',
  'apps/appointments/src/time/wall-clock.ts',
  'apps/appointments/src/waiting-list/waiting-entry.ts',
  'apps/devices/src/inventory/{device,device-access,imei}.ts',
  'apps/devices/src/request/{device-request,kit-problems}.ts',
  'apps/devices/src/provisioning/enrollment-token.ts',
  'apps/devices/src/import/{device-csv-row,csv-records}.ts',
  'apps/messaging/src/conversation/conversation.ts',
  'apps/messaging/src/notification/inbox/notification.ts',
  'apps/signatures/src/request/signature-request.ts',
  'apps/signatures/src/request/create-request/signing-steps.ts',
  'apps/signatures/src/audit/audit-chain.ts',
  'apps/signatures/src/signing-factor/{totp,failed-attempt}.ts',
];

export const DOMAIN_IMPORT_RESTRICTIONS = {
  patterns: [
    {
      group: ['typeorm', 'typeorm/*', '@nestjs/*', 'express', 'multer'],
      message: 'A domain module holds rules only: persistence belongs in a repository, HTTP in a controller.',
    },
  ],
};
