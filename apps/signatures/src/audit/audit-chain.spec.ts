import fc from 'fast-check';
import { auditEntryHash, GENESIS_HASH, verifyAuditChain, type AuditAction, type AuditEntry } from './audit-chain';
import { canonicalJson } from './canonical-json';

function chain(actions: AuditAction[]): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (const [index, action] of actions.entries()) {
    const unhashed = {
      requestId: '0190a000-0000-7000-8000-0000000000aa',
      tenant: 'demo',
      seq: index + 1,
      action,
      actor: 'user-1',
      at: new Date(Date.UTC(2026, 10, 27, 10, 0, index)),
      details: { step: 1, note: `n${index}` },
      prevHash: entries[index - 1]?.hash ?? GENESIS_HASH,
    };
    entries.push({ ...unhashed, hash: auditEntryHash(unhashed) });
  }
  return entries;
}

describe('the audit hash chain', () => {
  it('is intact as written, and names its head hash', () => {
    const entries = chain(['created', 'step-started', 'viewed', 'signed', 'completed']);
    expect(verifyAuditChain(entries)).toEqual({ intact: true, headHash: entries[4].hash });
  });

  it('breaks at the entry whose content was edited', () => {
    const entries = chain(['created', 'viewed', 'signed']);
    entries[1] = { ...entries[1], actor: 'someone-else' };
    expect(verifyAuditChain(entries)).toEqual({ intact: false, brokenAt: 2 });
  });

  it('breaks at the entry after one that was deleted', () => {
    const entries = chain(['created', 'viewed', 'signed', 'completed']);
    entries.splice(1, 1);
    expect(verifyAuditChain(entries)).toEqual({ intact: false, brokenAt: 2 });
  });

  it('breaks when an entry is recomputed without its successors (the next prev_hash no longer fits)', () => {
    const entries = chain(['created', 'viewed', 'signed']);
    const edited = { ...entries[1], details: { step: 2 } };
    entries[1] = { ...edited, hash: auditEntryHash(edited) };
    expect(verifyAuditChain(entries)).toEqual({ intact: false, brokenAt: 3 });
  });

  it('detects any single changed field anywhere in any chain (property)', () => {
    const actions = fc.constantFrom<AuditAction>('created', 'viewed', 'signed', 'downloaded', 'rejected');
    fc.assert(
      fc.property(
        fc.array(actions, { minLength: 1, maxLength: 12 }),
        fc.nat(),
        fc.constantFrom('action', 'actor', 'at', 'details', 'tenant', 'prevHash'),
        (list, pick, field) => {
          const entries = chain(list);
          const index = pick % entries.length;
          const changed = { ...entries[index] };
          if (field === 'action') changed.action = changed.action === 'signed' ? 'rejected' : 'signed';
          if (field === 'actor') changed.actor = 'mallory';
          if (field === 'at') changed.at = new Date(changed.at.getTime() + 1);
          if (field === 'details') changed.details = { ...changed.details, step: 99 };
          if (field === 'tenant') changed.tenant = 'muster';
          if (field === 'prevHash') changed.prevHash = 'f'.repeat(64);
          entries[index] = changed;
          expect(verifyAuditChain(entries)).toEqual({ intact: false, brokenAt: index + 1 });
        },
      ),
    );
  });

  it('hashes canonical JSON: key order does not matter, values do', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } })).toBe('{"a":{"c":null,"d":[1,"x"]},"b":1}');
    expect(() => canonicalJson({ amount: 1.5 })).toThrow('safe integers');
  });
});
