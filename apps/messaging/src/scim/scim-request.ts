import { PERSON_ROLES, type PersonRole } from '../directory/person';
import { ScimErrors } from './scim-errors';
import { composeName, SCIM_SCHEMAS } from './scim-schema';

/** `attribute eq "value"`: the one filter form SCIM clients use for matching (Entra ID: `userName eq "…"`). */
export interface EqualityFilter {
  /** Lower case, without a schema prefix. */
  attribute: string;
  value: string;
}

const FILTER = /^\s*([A-Za-z][\w.:-]*)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i;

/** Attribute names are case-insensitive (RFC 7643 §2.1) and may carry their schema's URN. */
function attributeName(path: string): string {
  const lower = path.toLowerCase();
  for (const schema of [SCIM_SCHEMAS.user, SCIM_SCHEMAS.group]) {
    const prefix = `${schema.toLowerCase()}:`;
    if (lower.startsWith(prefix)) return lower.slice(prefix.length);
  }
  return lower;
}

/**
 * undefined without a filter; 400 invalidFilter for any other form or attribute than the supported ones —
 * and for a repeated or bracketed `filter` parameter (`filter=a&filter=b`, `filter[x]=…`), which the
 * query parser hands over as an array or object.
 */
export function parseFilter(filter: unknown, supported: readonly string[]): EqualityFilter | undefined {
  if (filter === undefined || (typeof filter === 'string' && filter.trim() === '')) return undefined;
  if (typeof filter !== 'string') throw ScimErrors.invalidFilter('Give one filter.');
  const match = FILTER.exec(filter);
  const attribute = match && attributeName(match[1]);
  if (!match || !attribute || !supported.includes(attribute))
    throw ScimErrors.invalidFilter(`Supported filters: ${supported.map((name) => `${name} eq "…"`).join(', ')}.`);
  return { attribute, value: match[2].replace(/\\(.)/g, '$1') };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function text(value: unknown, attribute: string, maxLength = 200): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > maxLength)
    throw ScimErrors.invalidValue(`${attribute}: a non-empty string of at most ${maxLength} characters is required.`);
  return value.trim();
}

function email(value: unknown, attribute: string): string {
  const address = text(value, attribute, 254);
  if (!EMAIL.test(address)) throw ScimErrors.invalidValue(`${attribute}: the e-mail address the person signs in with is required.`);
  return address;
}

/** A boolean, or the strings "True"/"False" in any case (Microsoft Entra ID sends those). */
function flag(value: unknown, attribute: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && ['true', 'false'].includes(value.toLowerCase())) return value.toLowerCase() === 'true';
  throw ScimErrors.invalidValue(`${attribute}: true or false is required.`);
}

/** `roles` as `[{ value }]` (or plain strings): only our roles; provider-admin is no person's role. */
function roleValues(value: unknown): PersonRole[] {
  const entries = Array.isArray(value) ? value : [value];
  return entries.map((entry) => {
    const role = isObject(entry) ? entry.value : entry;
    if (typeof role !== 'string' || !(PERSON_ROLES as readonly string[]).includes(role))
      throw ScimErrors.invalidValue(`roles: allowed are ${PERSON_ROLES.join(', ')}.`);
    return role as PersonRole;
  });
}

/** A User resource (POST, PUT) as the directory takes it. */
export interface UserInput {
  email: string;
  name: string;
  roles: PersonRole[];
  active: boolean;
  externalId: string | null;
}

/**
 * The name the directory keeps: "givenName familyName" when the resource has name parts, else its
 * `displayName`, else `name.formatted`, else the address.
 */
export function parseUser(body: unknown): UserInput {
  if (!isObject(body)) throw ScimErrors.invalidSyntax('The body must be a SCIM User resource.');
  const address = email(body.userName, 'userName');
  const name = isObject(body.name) ? body.name : {};
  const composed = composeName(
    name.givenName === undefined ? undefined : text(name.givenName, 'name.givenName'),
    name.familyName === undefined ? undefined : text(name.familyName, 'name.familyName'),
  );
  const fullName =
    composed ||
    (body.displayName !== undefined ? text(body.displayName, 'displayName') : '') ||
    (name.formatted !== undefined ? text(name.formatted, 'name.formatted') : '') ||
    address;
  return {
    email: address,
    name: fullName.slice(0, 200),
    roles: body.roles === undefined || body.roles === null ? [] : roleValues(body.roles),
    active: body.active === undefined ? true : flag(body.active, 'active'),
    externalId: body.externalId === undefined || body.externalId === null ? null : text(body.externalId, 'externalId', 255),
  };
}

export interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  path?: string;
  value?: unknown;
}

/** A PatchOp message's operations; `op` in any case (Entra ID sends "Replace", "Add"). */
export function parsePatch(body: unknown): PatchOperation[] {
  const operations = isObject(body) ? body.Operations : undefined;
  if (!Array.isArray(operations) || operations.length === 0 || operations.length > 100)
    throw ScimErrors.invalidSyntax('A PatchOp with 1 to 100 Operations is required.');
  return operations.map((operation) => {
    const op = isObject(operation) && typeof operation.op === 'string' ? operation.op.toLowerCase() : undefined;
    if (op !== 'add' && op !== 'replace' && op !== 'remove') throw ScimErrors.invalidSyntax('op: add, replace or remove is required.');
    const path = (operation as Record<string, unknown>).path;
    if (path !== undefined && typeof path !== 'string') throw ScimErrors.invalidSyntax('path: a string is required.');
    if (op === 'remove' && !path) throw ScimErrors.noTarget('remove needs a path.');
    if (op !== 'remove' && (operation as Record<string, unknown>).value === undefined)
      throw ScimErrors.invalidSyntax(`${op} needs a value.`);
    return { op, path: path || undefined, value: (operation as Record<string, unknown>).value };
  });
}

/** A user while a PATCH's operations are applied to it, in order. */
export interface UserDraft {
  email: string;
  givenName?: string;
  familyName?: string;
  displayName: string;
  roles: PersonRole[];
  active: boolean;
  externalId: string | null;
  /** Which of the name's sources the PATCH touched: name parts win over `displayName`, as in `parseUser`. */
  namePartsChanged: boolean;
  displayNameChanged: boolean;
}

const ROLE_FILTER = /^roles\[\s*value\s+eq\s+"((?:[^"\\]|\\.)*)"\s*\]$/i;
const EMAIL_PATH = /^emails(\[\s*type\s+eq\s+"work"\s*\])?(\.value)?$/i;

/**
 * Applies one operation. Attributes we do not keep (the enterprise extension, phone numbers, titles,
 * …) are ignored, so that an identity manager's default mappings do not fail the whole PATCH.
 */
export function applyUserOperation(draft: UserDraft, operation: PatchOperation): void {
  const { op, value } = operation;
  if (!operation.path) {
    if (!isObject(value)) throw ScimErrors.invalidSyntax(`${op} without a path needs an object value.`);
    for (const [key, attributeValue] of Object.entries(value)) {
      if (isObject(attributeValue) && key.toLowerCase() === 'name') {
        for (const [part, partValue] of Object.entries(attributeValue))
          applyUserOperation(draft, { op, path: `name.${part}`, value: partValue });
      } else applyUserOperation(draft, { op, path: key, value: attributeValue });
    }
    return;
  }
  const path = attributeName(operation.path);
  const removing = op === 'remove';
  const roleFilter = ROLE_FILTER.exec(path);
  if (path === 'username') {
    if (removing) throw ScimErrors.mutability('userName cannot be removed.');
    draft.email = email(value, 'userName');
  } else if (EMAIL_PATH.test(path)) {
    if (removing) throw ScimErrors.mutability('The e-mail address cannot be removed.');
    const entries = Array.isArray(value) ? value : [value];
    const chosen = entries.find((entry) => isObject(entry) && entry.primary === true) ?? entries[0];
    draft.email = email(isObject(chosen) ? chosen.value : chosen, 'emails');
  } else if (path === 'displayname') {
    if (removing) throw ScimErrors.mutability('displayName cannot be removed.');
    draft.displayName = text(value, 'displayName');
    draft.displayNameChanged = true;
  } else if (path === 'name.givenname' || path === 'name.familyname') {
    const part = removing ? undefined : text(value, path === 'name.givenname' ? 'name.givenName' : 'name.familyName');
    if (path === 'name.givenname') draft.givenName = part;
    else draft.familyName = part;
    draft.namePartsChanged = true;
  } else if (path === 'name.formatted') {
    if (removing) return;
    draft.displayName = text(value, 'name.formatted');
    draft.displayNameChanged = true;
  } else if (path === 'name') {
    if (removing) throw ScimErrors.mutability('name cannot be removed.');
    if (!isObject(value)) throw ScimErrors.invalidValue('name: an object is required.');
    for (const [part, partValue] of Object.entries(value)) applyUserOperation(draft, { op, path: `name.${part}`, value: partValue });
  } else if (path === 'active') {
    if (removing) throw ScimErrors.mutability('active cannot be removed.');
    draft.active = flag(value, 'active');
  } else if (path === 'externalid') {
    draft.externalId = removing ? null : text(value, 'externalId', 255);
  } else if (path === 'roles') {
    const given = value === undefined || value === null ? [] : roleValues(value);
    if (op === 'replace') draft.roles = given;
    else if (op === 'add') draft.roles = [...new Set([...draft.roles, ...given])];
    else draft.roles = value === undefined ? [] : draft.roles.filter((role) => !given.includes(role));
  } else if (roleFilter) {
    if (!removing) throw ScimErrors.invalidPath('Only remove takes a filtered roles path.');
    draft.roles = draft.roles.filter((role) => role !== roleFilter[1].replace(/\\(.)/g, '$1'));
  }
}

/** The directory's name after a PATCH: name parts when touched, else `displayName` when touched, else as it was. */
export function draftName(draft: UserDraft, current: string): string {
  if (draft.namePartsChanged) return composeName(draft.givenName, draft.familyName) || draft.displayName;
  if (draft.displayNameChanged) return draft.displayName;
  return current;
}
