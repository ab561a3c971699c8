import fc from 'fast-check';
import { canTransition, DEVICE_STATUSES, DEVICE_TRANSITIONS, leavesKit, needsReason, type DeviceStatus } from './device';

const status = fc.constantFrom(...DEVICE_STATUSES);
const HAPPY_PATH: DeviceStatus[] = ['in_stock', 'reserved', 'provisioning', 'ready', 'handed_over', 'returned'];
const KIT_STATUSES: DeviceStatus[] = ['reserved', 'provisioning', 'ready'];

describe('device lifecycle', () => {
  it('allows exactly the listed steps: the rollout cycle, leaving a kit, retiring broken stock, losing and repairing', () => {
    const allowed = DEVICE_STATUSES.flatMap((from) => DEVICE_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`));
    expect(allowed.sort()).toEqual(
      [
        'in_stock→reserved',
        'reserved→provisioning',
        'provisioning→ready',
        'ready→handed_over',
        'handed_over→returned',
        'returned→in_stock',
        'returned→retired',
        // broken on delivery
        'in_stock→retired',
        // a device leaves a kit before it is handed over: released, swapped or dropped
        'reserved→in_stock',
        'provisioning→in_stock',
        'ready→in_stock',
        // lost: only a device nobody is setting up for a kit; found again or written off
        'in_stock→lost',
        'handed_over→lost',
        'returned→lost',
        'in_repair→lost',
        'lost→in_stock',
        'lost→retired',
        // in repair: from the shelf; back to it, or beyond repair
        'in_stock→in_repair',
        'returned→in_repair',
        'in_repair→in_stock',
        'in_repair→retired',
      ].sort(),
    );
  });

  it('never allows staying, skipping a step forward on the rollout path, or leaving retired', () => {
    fc.assert(
      fc.property(status, status, (from, to) => {
        if (from === to || from === 'retired') expect(canTransition(from, to)).toBe(false);
        const a = HAPPY_PATH.indexOf(from);
        const b = HAPPY_PATH.indexOf(to);
        if (a >= 0 && b >= 0 && b - a > 1) expect(canTransition(from, to)).toBe(false);
      }),
    );
  });

  it('leaves a kit exactly when a reserved, provisioning or ready device goes back to stock', () => {
    fc.assert(
      fc.property(status, status, (from, to) => {
        expect(leavesKit(from, to)).toBe(KIT_STATUSES.includes(from) && to === 'in_stock');
        if (leavesKit(from, to)) expect(canTransition(from, to)).toBe(true);
      }),
    );
  });

  it('asks for a reason on every allowed step off the rollout cycle, and on none of the cycle’s own', () => {
    const cycle = new Set([
      'in_stock→reserved',
      'reserved→provisioning',
      'provisioning→ready',
      'ready→handed_over',
      'handed_over→returned',
      'returned→in_stock',
      'returned→retired',
    ]);
    fc.assert(
      fc.property(status, status, (from, to) => {
        if (canTransition(from, to)) expect(needsReason(from, to)).toBe(!cycle.has(`${from}→${to}`));
      }),
    );
  });

  it('any walk of allowed steps keeps the employee’s device with them until it is returned or lost, and every device that is not retired can get back to in stock', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 80 }), (choices) => {
        let current: DeviceStatus = 'in_stock';
        for (const choice of choices) {
          const next: readonly DeviceStatus[] = DEVICE_TRANSITIONS[current];
          if (next.length === 0) break;
          const to: DeviceStatus = next[choice % next.length];
          expect(canTransition(current, to)).toBe(true);
          // handed over is only ever reached from ready, and returned only from handed over
          if (to === 'handed_over') expect(current).toBe('ready');
          if (to === 'returned') expect(current).toBe('handed_over');
          // a handed-over device leaves the employee only as returned (wiped) or lost
          if (current === 'handed_over') expect(['returned', 'lost']).toContain(to);
          // kit states are entered only along the rollout path
          if (to === 'reserved') expect(current).toBe('in_stock');
          if (to === 'provisioning') expect(current).toBe('reserved');
          if (to === 'ready') expect(current).toBe('provisioning');
          current = to;
        }
        if (current !== 'retired') expect(reaches(current, 'in_stock')).toBe(true);
      }),
    );
  });
});

function reaches(from: DeviceStatus, target: DeviceStatus, seen = new Set<DeviceStatus>()): boolean {
  if (from === target) return true;
  seen.add(from);
  return DEVICE_TRANSITIONS[from].some((next) => !seen.has(next) && reaches(next, target, seen));
}
