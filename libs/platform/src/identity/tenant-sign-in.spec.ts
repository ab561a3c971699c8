import { claimAt, mappedRoles } from './tenant-sign-in';

describe("reading roles from a municipality's token", () => {
  const mapping = { 'amtsweg-clerk': 'clerk', Sachbearbeitung: 'staff', boss: 'tenant-admin', evil: 'provider-admin' };

  it('finds the claim by name or dotted path (Keycloak realm and client roles, Entra roles, a claim whose name has dots)', () => {
    const payload = {
      roles: ['Sachbearbeitung'],
      realm_access: { roles: ['amtsweg-clerk'] },
      resource_access: { 'amtsweg-web': { roles: ['boss'] } },
      'https://amtsweg.example/roles': ['boss'],
    };
    expect(claimAt(payload, 'roles')).toEqual(['Sachbearbeitung']);
    expect(claimAt(payload, 'realm_access.roles')).toEqual(['amtsweg-clerk']);
    expect(claimAt(payload, 'resource_access.amtsweg-web.roles')).toEqual(['boss']);
    expect(claimAt(payload, 'https://amtsweg.example/roles')).toEqual(['boss']);
    expect(claimAt(payload, 'realm_access.missing.roles')).toBeUndefined();
    expect(claimAt(payload, '__proto__.constructor')).toBeUndefined();
  });

  it('maps listed values, ignores the rest, never grants provider-admin, and accepts a space-separated string', () => {
    expect(
      mappedRoles(
        { realm_access: { roles: ['amtsweg-clerk', 'offline_access', 'evil'] } },
        { rolesClaim: 'realm_access.roles', roleMapping: mapping },
      ),
    ).toEqual(['clerk']);
    expect(mappedRoles({ roles: 'Sachbearbeitung boss' }, { rolesClaim: 'roles', roleMapping: mapping })).toEqual([
      'staff',
      'tenant-admin',
    ]);
    expect(mappedRoles({ roles: ['toString', 'constructor'] }, { rolesClaim: 'roles', roleMapping: mapping })).toEqual([]);
    expect(mappedRoles({}, { rolesClaim: 'roles', roleMapping: mapping })).toEqual([]);
  });
});
