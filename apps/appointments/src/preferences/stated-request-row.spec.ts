import fc from 'fast-check';
import type { Weekday } from '../time/wall-clock';
import type { StatedRequest } from './stated-preferences';
import { STATED_REQUEST_COLUMNS, statedRequestOf, statedRequestValues, type StatedRequestRow } from './stated-request-row';

/** The row PostgreSQL gives back for the inserted values: `time` read as text carries seconds. */
function storedRow(values: ReturnType<typeof statedRequestValues>): StatedRequestRow {
  const [officeIds, weekdays, earliest, latest, citizenName, citizenEmail, manageTokenSha256] = values;
  return {
    office_ids: officeIds,
    weekdays,
    earliest: `${earliest}:00`,
    latest: `${latest}:00`,
    citizen_name: citizenName,
    citizen_email: citizenEmail,
    manage_token_sha256: manageTokenSha256,
  };
}

const statedRequest: fc.Arbitrary<StatedRequest> = fc
  .record({
    officeIds: fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 10 }),
    weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }) as fc.Arbitrary<Weekday[]>,
    span: fc.tuple(fc.integer({ min: 0, max: 1440 }), fc.integer({ min: 0, max: 1440 })).filter(([a, b]) => a !== b),
    citizenName: fc.string({ minLength: 1 }),
    citizenEmail: fc.emailAddress(),
    manageTokenSha256: fc.stringMatching(/^[0-9a-f]{64}$/),
  })
  .map(({ span: [a, b], ...rest }) => ({ ...rest, earliestMinute: Math.min(a, b), latestMinute: Math.max(a, b) }));

describe('a stated request as waiting_entry and release_request store it', () => {
  it('reads back as it was written (property)', () => {
    fc.assert(
      fc.property(statedRequest, (request) => {
        expect(statedRequestOf(storedRow(statedRequestValues(request)))).toEqual(request);
      }),
    );
  });

  it('writes its values in the order of its columns', () => {
    const columns = STATED_REQUEST_COLUMNS.split(', ').map((column) => column.replace('::text', ''));
    expect(columns).toEqual(['office_ids', 'weekdays', 'earliest', 'latest', 'citizen_name', 'citizen_email', 'manage_token_sha256']);
    const values = statedRequestValues({
      officeIds: ['o'],
      weekdays: [1],
      earliestMinute: 8 * 60,
      latestMinute: 24 * 60,
      citizenName: 'Erika Mustermann',
      citizenEmail: 'erika@example.org',
      manageTokenSha256: 'ab'.repeat(32),
    });
    expect(values).toEqual([['o'], [1], '08:00', '24:00', 'Erika Mustermann', 'erika@example.org', 'ab'.repeat(32)]);
  });
});
