import { DomainError } from '@amtsweg/platform';
import { applyUserOperation, draftName, parseFilter, parsePatch, parseUser, type UserDraft } from './scim-request';
import { composeName, page, splitName } from './scim-schema';

const scimTypeOf = (work: () => unknown): unknown => {
  try {
    work();
  } catch (error) {
    return error instanceof DomainError ? error.extensions?.scimType : error;
  }
  return 'no error';
};

describe('SCIM requests', () => {
  it('splits our one name on the last space and composes it back', () => {
    expect(splitName('Anna Maria Schmidt')).toEqual({ givenName: 'Anna Maria', familyName: 'Schmidt' });
    expect(splitName('Cher')).toEqual({ familyName: 'Cher' });
    expect(composeName(' Anna ', 'Schmidt')).toBe('Anna Schmidt');
    expect(composeName(undefined, 'Schmidt')).toBe('Schmidt');
  });

  it('reads `attr eq "value"` filters with escapes, attribute names in any case and with their schema', () => {
    expect(parseFilter('userName eq "a\\"b@x.de"', ['username'])).toEqual({ attribute: 'username', value: 'a"b@x.de' });
    expect(parseFilter('urn:ietf:params:scim:schemas:core:2.0:User:EXTERNALID EQ "42"', ['externalid'])).toEqual({
      attribute: 'externalid',
      value: '42',
    });
    expect(parseFilter(undefined, ['username'])).toBeUndefined();
    expect(scimTypeOf(() => parseFilter('userName eq "a" or userName eq "b"', ['username']))).toBe('invalidFilter');
    // A repeated or bracketed query parameter arrives as an array or object: refused, not a 500.
    expect(scimTypeOf(() => parseFilter(['1', '2'], ['username']))).toBe('invalidFilter');
    expect(scimTypeOf(() => parseFilter({ a: '1' }, ['username']))).toBe('invalidFilter');
    expect(scimTypeOf(() => parseFilter('userName co "a"', ['username']))).toBe('invalidFilter');
    // `?filter=1&filter=2` arrives as an array: a 400, not a TypeError (found by the hostile-input suite).
    expect(scimTypeOf(() => parseFilter(['1', '2'], ['username']))).toBe('invalidFilter');
  });

  it('takes a User: name parts first, then displayName, then formatted, then the address', () => {
    const base = { userName: 'a@x.de' };
    expect(parseUser({ ...base, name: { givenName: 'A', familyName: 'B' }, displayName: 'Z' }).name).toBe('A B');
    expect(parseUser({ ...base, displayName: 'Z' }).name).toBe('Z');
    expect(parseUser({ ...base, name: { formatted: 'F G' } }).name).toBe('F G');
    expect(parseUser(base)).toEqual({ email: 'a@x.de', name: 'a@x.de', roles: [], active: true, externalId: null });
    expect(parseUser({ ...base, active: 'False' }).active).toBe(false);
    expect(scimTypeOf(() => parseUser({ ...base, active: 'no' }))).toBe('invalidValue');
    expect(scimTypeOf(() => parseUser({ ...base, roles: ['provider-admin'] }))).toBe('invalidValue');
  });

  it('applies PATCH operations in order; op in any case; unknown attributes ignored', () => {
    const draft: UserDraft = {
      email: 'a@x.de',
      givenName: 'Anna',
      familyName: 'Alt',
      displayName: 'Anna Alt',
      roles: ['staff'],
      active: true,
      externalId: null,
      namePartsChanged: false,
      displayNameChanged: false,
    };
    for (const operation of parsePatch({
      Operations: [
        { op: 'Replace', value: { 'name.familyName': 'Neu', active: 'False', title: 'Dr.' } },
        { op: 'ADD', path: 'roles', value: [{ value: 'clerk' }] },
        { op: 'remove', path: 'roles[value eq "staff"]' },
      ],
    }))
      applyUserOperation(draft, operation);
    expect(draft).toMatchObject({ familyName: 'Neu', active: false, roles: ['clerk'] });
    expect(draftName(draft, 'Anna Alt')).toBe('Anna Neu');
    expect(scimTypeOf(() => parsePatch({ Operations: [] }))).toBe('invalidSyntax');
    expect(scimTypeOf(() => parsePatch({ Operations: [{ op: 'remove' }] }))).toBe('noTarget');
  });

  it('pages 1-based, clamping startIndex and count', () => {
    const all = [1, 2, 3, 4, 5];
    expect(page(all, { startIndex: '0', count: '2' })).toMatchObject({ startIndex: 1, itemsPerPage: 2, Resources: [1, 2] });
    expect(page(all, { startIndex: '4', count: '-1' })).toMatchObject({ startIndex: 4, itemsPerPage: 0, totalResults: 5 });
    expect(page(all, { startIndex: 'x' })).toMatchObject({ startIndex: 1, itemsPerPage: 5 });
  });
});
