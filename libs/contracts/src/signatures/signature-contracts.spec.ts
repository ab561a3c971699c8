import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { HandoverRequestedV1 } from '../devices/handover-requested.v1';
import { contractForType } from '../registry';
import type { EventContract } from '../event-contract';
import { SignatureRequestCompletedV1 } from './signature-request-completed.v1';
import { SignatureRequestCreatedV1 } from './signature-request-created.v1';
import { SignatureRequestExpiredV1 } from './signature-request-expired.v1';
import { SignatureRequestRejectedV1 } from './signature-request-rejected.v1';
import { SignatureRequestRemindedV1 } from './signature-request-reminded.v1';
import { SignatureRequestSignedV1 } from './signature-request-signed.v1';
import { SignatureRequestStepStartedV1 } from './signature-request-step-started.v1';
import { SignatureRequestWithdrawnV1 } from './signature-request-withdrawn.v1';
import { SigningFactorResetV1 } from './signing-factor-reset.v1';

// As the eventing library validates on publish: unknown fields refused, nested objects checked.
function problems(contract: EventContract, data: object): string[] {
  const errors = validateSync(plainToInstance(contract, data) as object, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  const flatten = (list: typeof errors, path = ''): string[] =>
    list.flatMap((e) => [
      ...Object.keys(e.constraints ?? {}).map((c) => `${path}${e.property}:${c}`),
      ...flatten(e.children ?? [], `${path}${e.property}.`),
    ]);
  return flatten(errors);
}

const base = {
  requestId: '0190a000-0000-7000-8000-0000000000aa',
  tenant: 'demo',
  title: 'Dienstvereinbarung Homeoffice',
  requesterId: '0190a000-0000-7000-8000-000000000101',
  requesterEmail: 'staff@demo.example',
};
const signer = { userId: '0190a000-0000-7000-8000-000000000102', email: 'clerk@demo.example' };
const at = '2026-12-01T08:15:00.000Z';
const sha = 'a'.repeat(64);

const valid: Array<[EventContract, object]> = [
  [SignatureRequestCreatedV1, { ...base, steps: [{ step: 1, signers: [signer] }], dueAt: at, createdAt: at }],
  [SignatureRequestStepStartedV1, { ...base, step: 1, signers: [signer], dueAt: at }],
  [SignatureRequestSignedV1, { ...base, step: 1, signerId: signer.userId, signedAt: at, documentSha256: sha }],
  [
    SignatureRequestCompletedV1,
    {
      ...base,
      handoverId: '0190a000-0000-7000-8000-0000000000bb',
      signerIds: [signer.userId],
      completedAt: at,
      originalSha256: sha,
      documentSha256: sha,
    },
  ],
  [
    SignatureRequestRejectedV1,
    {
      ...base,
      handoverId: '0190a000-0000-7000-8000-0000000000bb',
      step: 1,
      rejectedBy: signer.userId,
      reason: 'Seriennummer falsch',
      rejectedAt: at,
    },
  ],
  [SignatureRequestWithdrawnV1, { ...base, withdrawnAt: at, pendingSigners: [signer] }],
  [SignatureRequestExpiredV1, { ...base, dueAt: at, expiredAt: at, pendingSigners: [] }],
  [SignatureRequestRemindedV1, { ...base, step: 2, signers: [signer], dueAt: at }],
  [
    HandoverRequestedV1,
    {
      handoverId: '0190a000-0000-7000-8000-0000000000bb',
      employee: { userId: signer.userId, email: signer.email, name: 'Clara Bürgerbüro' },
      requestedBy: '0190a000-0000-7000-8000-000000000103',
      devices: [
        {
          deviceId: '0190a000-0000-7000-8000-0000000000cc',
          type: 'laptop',
          model: 'ThinkPad T14',
          serial: 'PF3X9K2',
          assetTag: 'INV-0042',
        },
      ],
      kitLabel: 'Arbeitsplatz Standard',
    },
  ],
  [SigningFactorResetV1, { tenant: 'demo', userId: signer.userId, email: signer.email, resetBy: base.requesterId, resetAt: at }],
];

describe('signature and handover event contracts', () => {
  it.each(valid.map(([contract, data]) => [contract.name, contract, data] as const))(
    '%s accepts a complete payload',
    (_name, contract, data) => {
      expect(problems(contract, data)).toEqual([]);
    },
  );

  it('are registered by type, on their aggregate topics, with versioned names', () => {
    for (const [contract] of valid) {
      expect(contractForType(contract.type)).toBe(contract);
      expect(contract.type).toMatch(/^de\.amtsweg\.(signatures\.request|signatures\.signing-factor|devices\.handover)\.[a-z-]+\.v1$/);
      expect(contract.topic).toBe(contract.type.split('.').slice(2, 4).join('.'));
    }
  });

  it('refuses a document payload smuggled into an event (no bytes in events)', () => {
    expect(problems(SignatureRequestSignedV1, { ...(valid[2][1] as object), document: 'JVBERi0xLjc=' })).toContain(
      'document:whitelistValidation',
    );
  });

  it('checks nested signers and devices field by field', () => {
    expect(
      problems(SignatureRequestCreatedV1, {
        ...(valid[0][1] as object),
        steps: [{ step: 1, signers: [{ userId: signer.userId, email: 'not-an-address' }] }],
      }),
    ).toEqual(['steps.0.signers.0.email:isEmail']);
    const handover = valid[8][1] as HandoverRequestedV1;
    expect(problems(HandoverRequestedV1, { ...handover, devices: [{ ...handover.devices[0], serial: '' }] })).toEqual([
      'devices.0.serial:isNotEmpty',
    ]);
    expect(problems(HandoverRequestedV1, { ...handover, devices: [] })).toEqual(['devices:arrayMinSize']);
  });

  it('accepts staff by user id only (what producers publish), and still the addresses and names of records from before', () => {
    const idsOnly = (data: object): object =>
      JSON.parse(JSON.stringify(data, (key, value) => (['email', 'requesterEmail', 'name'].includes(key) ? undefined : value)));
    for (const [contract, data] of valid) {
      expect({ contract: contract.name, problems: problems(contract, idsOnly(data)) }).toEqual({ contract: contract.name, problems: [] });
    }
  });

  it('needs a reason for a rejection and a tenant slug on every request event', () => {
    expect(problems(SignatureRequestRejectedV1, { ...(valid[4][1] as object), reason: '' })).toEqual(['reason:isNotEmpty']);
    expect(problems(SignatureRequestExpiredV1, { ...(valid[6][1] as object), tenant: 'Demo Stadt' })).toEqual(['tenant:matches']);
  });
});
