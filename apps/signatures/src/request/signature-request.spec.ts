import fc from 'fast-check';
import {
  assertMaySign,
  isParticipant,
  pendingSigners,
  recordExpiry,
  recordRejection,
  recordSignature,
  recordWithdrawal,
  type SignatureRequest,
} from './signature-request';

const at = new Date('2026-12-01T09:00:00Z');

function request(steps: string[][], requesterId = 'requester'): SignatureRequest {
  return {
    id: 'r1',
    tenant: 'demo',
    title: 'Vertrag',
    requesterId,
    status: 'pending',
    currentStep: 1,
    stepCount: steps.length,
    dueAt: new Date('2026-12-10T00:00:00Z'),
    originalSha256: 'a'.repeat(64),
    documentSha256: 'a'.repeat(64),
    signatureCount: 0,
    createdAt: at,
    updatedAt: at,
    signers: steps.flatMap((users, index) =>
      users.map((userId, position) => ({
        userId,
        email: `${userId}@demo.example`,
        name: userId,
        step: index + 1,
        position,
        status: 'waiting' as const,
      })),
    ),
  };
}

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('the signature request lifecycle', () => {
  it('runs the steps in order and completes with the last signature', () => {
    const r = request([['a'], ['b', 'c']]);
    expect(recordSignature(r, 'a', at, 'cert-a', 'd1')).toEqual({ kind: 'step-started', step: 2 });
    expect(recordSignature(r, 'c', at, 'cert-c', 'd2')).toEqual({ kind: 'step-continues' });
    expect(pendingSigners(r).map((s) => s.userId)).toEqual(['b']);
    expect(recordSignature(r, 'b', at, 'cert-b', 'd3')).toEqual({ kind: 'completed' });
    expect(r).toMatchObject({ status: 'completed', signatureCount: 3, documentSha256: 'd3', endedAt: at });
  });

  it('answers 409 for a second signature, 403 out of turn or to a non-signer, 409 once ended', () => {
    const r = request([['a'], ['b']]);
    expect(code(() => assertMaySign(r, 'b'))).toBe('SIGNATURE.NOT_YOUR_TURN');
    expect(code(() => assertMaySign(r, 'requester'))).toBe('SIGNATURE.NOT_A_SIGNER');
    recordSignature(r, 'a', at, 'c', 'd');
    expect(code(() => assertMaySign(r, 'a'))).toBe('SIGNATURE.ALREADY_SIGNED');
    recordSignature(r, 'b', at, 'c', 'd');
    expect(code(() => assertMaySign(r, 'b'))).toBe('SIGNATURE.ALREADY_SIGNED');
    expect(code(() => assertMaySign(request([['x']]), 'x'))).toBeUndefined();
    const ended = request([['x']]);
    recordExpiry(ended, at);
    expect(code(() => assertMaySign(ended, 'x'))).toBe('SIGNATURE.REQUEST_NOT_PENDING');
  });

  it('lets only the requester withdraw, only while pending', () => {
    const r = request([['a']]);
    expect(code(() => recordWithdrawal(r, 'a', at))).toBe('SIGNATURE.NOT_REQUESTER');
    recordWithdrawal(r, 'requester', at);
    expect(r.status).toBe('withdrawn');
    expect(code(() => recordWithdrawal(r, 'requester', at))).toBe('SIGNATURE.REQUEST_NOT_PENDING');
  });

  it('ends with the rejection of any current signer, keeping the reason', () => {
    const r = request([['a', 'b'], ['c']]);
    recordSignature(r, 'a', at, 'c', 'd');
    expect(code(() => recordRejection(r, 'a', 'zu spät', at))).toBe('SIGNATURE.ALREADY_SIGNED');
    recordRejection(r, 'b', 'Betrag falsch', at);
    expect(r).toMatchObject({ status: 'rejected', rejectionReason: 'Betrag falsch', endedBy: 'b' });
  });

  it('lets only the requester and the named signers see it', () => {
    const r = request([['a'], ['b']]);
    expect(['requester', 'a', 'b', 'mallory'].map((u) => isParticipant(r, u))).toEqual([true, true, true, false]);
  });

  it('never signs anyone twice, never leaves an end state, and completes exactly when everybody signed (property)', () => {
    const users = ['u1', 'u2', 'u3', 'u4', 'u5'];
    const stepsArb = fc.uniqueArray(fc.constantFrom(...users), { minLength: 1, maxLength: 5 }).chain((signers) =>
      fc.array(fc.nat(3), { minLength: signers.length, maxLength: signers.length }).map((cuts) => {
        const steps: string[][] = [];
        signers.forEach((signer, index) => {
          if (index === 0 || cuts[index] === 0) steps.push([]);
          steps[steps.length - 1].push(signer);
        });
        return steps;
      }),
    );
    const actionArb = fc.record({
      kind: fc.constantFrom('sign', 'reject', 'withdraw', 'expire'),
      user: fc.constantFrom(...users, 'requester'),
    });
    fc.assert(
      fc.property(stepsArb, fc.array(actionArb, { maxLength: 30 }), (steps, actions) => {
        const r = request(steps);
        const signedBy = new Set<string>();
        for (const action of actions) {
          const before = r.status;
          const stepBefore = r.currentStep;
          try {
            if (action.kind === 'sign') {
              recordSignature(r, action.user, at, 'c', 'd');
              expect(signedBy.has(action.user)).toBe(false);
              expect(r.signers.find((s) => s.userId === action.user)?.step).toBe(stepBefore);
              signedBy.add(action.user);
            } else if (action.kind === 'reject') recordRejection(r, action.user, 'nein', at);
            else if (action.kind === 'withdraw') recordWithdrawal(r, action.user, at);
            else recordExpiry(r, at);
            expect(before).toBe('pending');
          } catch (error) {
            expect((error as { status?: number }).status).toBeGreaterThanOrEqual(403);
            expect(r.status).toBe(before);
          }
          expect(r.currentStep).toBeGreaterThanOrEqual(stepBefore);
          expect(r.signatureCount).toBe(signedBy.size);
          expect(r.status === 'completed').toBe(signedBy.size === r.signers.length);
        }
      }),
    );
  });
});
