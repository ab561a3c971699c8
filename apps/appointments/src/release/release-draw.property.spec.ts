import fc from 'fast-check';
import { drawRelease, type DrawAssignment } from './release-draw';
import { SeededRandom } from './seeded-random';

interface Slot {
  id: string;
  start: number;
  office: number;
}
interface Request {
  id: string;
  /** Offices in order of preference. */
  offices: number[];
}

const fit = (request: Request, slot: Slot): number => {
  const rank = request.offices.indexOf(slot.office);
  return rank < 0 ? 0 : 1 / (rank + 1);
};

const slotsArb = fc.uniqueArray(
  fc.record({ id: fc.uuid(), start: fc.integer({ min: 0, max: 50 }), office: fc.integer({ min: 0, max: 3 }) }),
  {
    selector: (slot) => slot.id,
    maxLength: 40,
  },
);
const requestsArb = fc.uniqueArray(
  fc.record({ id: fc.uuid(), offices: fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }) }),
  {
    selector: (request) => request.id,
    maxLength: 60,
  },
);
const seedArb = fc.string({ minLength: 1, maxLength: 40 });

const key = (assignments: DrawAssignment[]) => assignments.map((a) => `${a.slotId}>${a.requestId}`).sort();

describe('the release draw (properties)', () => {
  it('assigns every slot at most once and nobody twice, and only slots that fit', () => {
    fc.assert(
      fc.property(seedArb, slotsArb, requestsArb, (seed, slots, requests) => {
        const assignments = drawRelease(seed, slots, requests, fit);
        const slotById = new Map(slots.map((slot) => [slot.id, slot]));
        const requestById = new Map(requests.map((request) => [request.id, request]));
        expect(new Set(assignments.map((a) => a.slotId)).size).toBe(assignments.length);
        expect(new Set(assignments.map((a) => a.requestId)).size).toBe(assignments.length);
        for (const a of assignments) expect(fit(requestById.get(a.requestId)!, slotById.get(a.slotId)!)).toBeGreaterThan(0);
      }),
    );
  });

  it('leaves no slot empty while a request that fits it goes without', () => {
    fc.assert(
      fc.property(seedArb, slotsArb, requestsArb, (seed, slots, requests) => {
        const assignments = drawRelease(seed, slots, requests, fit);
        const takenSlots = new Set(assignments.map((a) => a.slotId));
        const served = new Set(assignments.map((a) => a.requestId));
        for (const slot of slots.filter((s) => !takenSlots.has(s.id))) {
          expect(requests.filter((r) => !served.has(r.id) && fit(r, slot) > 0)).toEqual([]);
        }
      }),
    );
  });

  it('gives the same result for the same seed, in whatever order slots and requests arrive', () => {
    fc.assert(
      fc.property(
        seedArb,
        slotsArb,
        requestsArb,
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        (seed, slots, requests, noise) => {
          const shuffle = <T>(items: T[]): T[] =>
            items
              .map((item) => ({ item, k: noise.next().value }))
              .sort((a, b) => a.k - b.k)
              .map((x) => x.item);
          expect(key(drawRelease(seed, shuffle(slots), shuffle(requests), fit))).toEqual(key(drawRelease(seed, slots, requests, fit)));
        },
      ),
    );
  });

  it('is a lottery: with one slot and two equally fitting requests each wins about half the draws over many seeds', () => {
    const slots = [{ id: 's', start: 0, office: 0 }];
    const requests = [
      { id: 'a', offices: [0] },
      { id: 'b', offices: [0] },
    ];
    const wins = Array.from({ length: 2000 }, (_, i) => drawRelease(`seed-${i}`, slots, requests, fit)[0].requestId).filter(
      (id) => id === 'a',
    ).length;
    expect(wins).toBeGreaterThan(900);
    expect(wins).toBeLessThan(1100);
  });

  it('weighs by fit: a first choice wins about twice as often as a second choice', () => {
    const slots = [{ id: 's', start: 0, office: 0 }];
    const requests = [
      { id: 'first-choice', offices: [0] },
      { id: 'second-choice', offices: [1, 0] },
    ];
    const wins = Array.from({ length: 3000 }, (_, i) => drawRelease(`w-${i}`, slots, requests, fit)[0].requestId).filter(
      (id) => id === 'first-choice',
    ).length;
    // Expected 2/3 of 3000 = 2000.
    expect(wins).toBeGreaterThan(1850);
    expect(wins).toBeLessThan(2150);
  });
});

describe('the seeded random numbers', () => {
  it('repeat for a seed and differ between seeds, always in [0, 1)', () => {
    const sequence = (seed: string) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 100 }, () => random.next());
    };
    expect(sequence('Freigabe 2027-01')).toEqual(sequence('Freigabe 2027-01'));
    expect(sequence('Freigabe 2027-01')).not.toEqual(sequence('Freigabe 2027-02'));
    for (const value of sequence('x')) expect(value >= 0 && value < 1).toBe(true);
  });
});
