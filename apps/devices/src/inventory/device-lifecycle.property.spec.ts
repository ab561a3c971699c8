import fc from 'fast-check';
import { canTransition, DEVICE_STATUSES, DEVICE_TRANSITIONS, type DeviceStatus } from './device';

const status = fc.constantFrom(...DEVICE_STATUSES);
const HAPPY_PATH: DeviceStatus[] = ['in_stock', 'reserved', 'provisioning', 'ready', 'handed_over', 'returned'];

describe('device lifecycle', () => {
  it('allows exactly the listed steps: in_stock → reserved → provisioning → ready → handed_over → returned → in_stock | retired', () => {
    const allowed = DEVICE_STATUSES.flatMap((from) => DEVICE_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`));
    expect(allowed.sort()).toEqual(
      ['in_stock→reserved', 'reserved→provisioning', 'provisioning→ready', 'ready→handed_over', 'handed_over→returned', 'returned→in_stock', 'returned→retired'].sort(),
    );
  });

  it('never allows staying, skipping a step, or leaving retired', () => {
    fc.assert(
      fc.property(status, status, (from, to) => {
        if (from === to || from === 'retired') expect(canTransition(from, to)).toBe(false);
        const a = HAPPY_PATH.indexOf(from);
        const b = HAPPY_PATH.indexOf(to);
        if (a >= 0 && b >= 0 && b - a > 1) expect(canTransition(from, to)).toBe(false);
      }),
    );
  });

  it('any walk of allowed steps stays on the cycle and every device that is not retired can get back to in stock', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 60 }), (choices) => {
        let current: DeviceStatus = 'in_stock';
        let returnedBefore = false;
        for (const choice of choices) {
          const next: readonly DeviceStatus[] = DEVICE_TRANSITIONS[current];
          if (next.length === 0) break;
          const to: DeviceStatus = next[choice % next.length];
          expect(canTransition(current, to)).toBe(true);
          // handed over is only ever reached from ready, and returned only from handed over
          if (to === 'handed_over') expect(current).toBe('ready');
          if (to === 'returned') expect(current).toBe('handed_over');
          if (to === 'retired') expect(current).toBe('returned');
          returnedBefore ||= to === 'returned';
          current = to;
        }
        if (current !== 'retired') expect(reaches(current, 'in_stock')).toBe(true);
        if (current === 'retired') expect(returnedBefore).toBe(true);
      }),
    );
  });
});

function reaches(from: DeviceStatus, target: DeviceStatus, seen = new Set<DeviceStatus>()): boolean {
  if (from === target) return true;
  seen.add(from);
  return DEVICE_TRANSITIONS[from].some((next) => !seen.has(next) && reaches(next, target, seen));
}
