import { DomainError } from '@amtsweg/platform';

/** RFC 7644 §3.12 `scimType`s this server answers. */
type ScimType = 'invalidFilter' | 'invalidSyntax' | 'invalidValue' | 'uniqueness' | 'mutability' | 'noTarget' | 'invalidPath';

/** A DomainError the problem filter renders in SCIM's error shape (every path under `/scim/v2`), with its `scimType`. */
const scim = (status: number, code: string, detail: string, scimType?: ScimType, headers?: Record<string, string>): DomainError =>
  new DomainError(status, code, detail, undefined, headers, scimType ? { scimType } : undefined);

export const ScimErrors = {
  unauthorized: () =>
    scim(401, 'SCIM.UNAUTHORIZED', 'This request needs a valid SCIM token of this municipality.', undefined, {
      'WWW-Authenticate': 'Bearer realm="scim"',
    }),
  notFound: (what: string) => scim(404, 'SCIM.NOT_FOUND', `There is no such ${what} in this municipality.`),
  invalidFilter: (detail: string) => scim(400, 'SCIM.INVALID_FILTER', detail, 'invalidFilter'),
  invalidSyntax: (detail: string) => scim(400, 'SCIM.INVALID_SYNTAX', detail, 'invalidSyntax'),
  invalidValue: (detail: string) => scim(400, 'SCIM.INVALID_VALUE', detail, 'invalidValue'),
  uniqueness: (detail: string) => scim(409, 'SCIM.UNIQUENESS', detail, 'uniqueness'),
  mutability: (detail: string) => scim(400, 'SCIM.MUTABILITY', detail, 'mutability'),
  noTarget: (detail: string) => scim(400, 'SCIM.NO_TARGET', detail, 'noTarget'),
  invalidPath: (detail: string) => scim(400, 'SCIM.INVALID_PATH', detail, 'invalidPath'),
};

/** The directory's own refusals, said as SCIM says them. */
export function asScimError(error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  switch (error.code) {
    case 'PERSON.EMAIL_TAKEN':
      return ScimErrors.uniqueness('A user with this userName (e-mail address) already exists in this municipality.');
    case 'PERSON.NOT_FOUND':
      return ScimErrors.notFound('user');
    case 'PERSON.INVALID_ROLES':
      return ScimErrors.invalidValue('roles: allowed are staff, clerk, it-admin and tenant-admin.');
    default:
      return error;
  }
}
