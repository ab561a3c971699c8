import { DomainError } from '@amtsweg/platform';

export const PersonErrors = {
  notFound: () => DomainError.notFound('PERSON.NOT_FOUND', 'There is no such person in this municipality.'),
  emailTaken: () => DomainError.conflict('PERSON.EMAIL_TAKEN', 'A person with this e-mail address already exists in this municipality.'),
  invalidRoles: (field = 'roles') =>
    DomainError.unprocessable('PERSON.INVALID_ROLES', 'A person of a municipality holds only staff, clerk, it-admin or tenant-admin.', [
      { field, message: 'allowed: staff, clerk, it-admin, tenant-admin' },
    ]),
  providerAdminRoles: () =>
    new DomainError(
      403,
      'PERSON.PROVIDER_ADMIN_ROLES',
      'The IT service provider names only the tenant-admins of a municipality: roles must be exactly ["tenant-admin"].',
      [{ field: 'roles', message: 'a provider-admin may create only ["tenant-admin"]' }],
    ),
  concurrentChange: () => DomainError.conflict('PERSON.CONCURRENT_CHANGE', 'The person was changed at the same time; try again.'),
  ownAccess: () =>
    DomainError.unprocessable(
      'PERSON.OWN_ACCESS',
      'You cannot deactivate yourself or take away your own tenant-admin role; ask another tenant-admin.',
    ),
};
