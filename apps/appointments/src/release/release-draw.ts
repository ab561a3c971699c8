import { SeededRandom } from './seeded-random';

/** A released slot: one counter's time at one office. */
export interface DrawSlot {
  id: string;
  start: number;
}

/** One person's request; `fit` says how well a slot suits what they stated (0: not at all). */
export interface DrawRequest {
  id: string;
}

export interface DrawAssignment {
  slotId: string;
  requestId: string;
}

/**
 * The fair release: slots go by lottery, never by speed. Slots are drawn one after another in
 * time order; each goes to one of the requests it fits that has nothing yet, chosen at random with
 * a chance proportional to the fit (a first-choice office weighs more than a third). Nothing else
 * counts — not when a request came in, not in which order the requests are given (they are
 * ordered by id first). The same seed and the same requests give the same result, so a published
 * seed lets anyone check the draw. A slot no remaining request fits stays unassigned.
 */
export function drawRelease<S extends DrawSlot, R extends DrawRequest>(
  seed: string,
  slots: readonly S[],
  requests: readonly R[],
  fit: (request: R, slot: S) => number,
): DrawAssignment[] {
  const random = new SeededRandom(seed);
  const waiting = [...requests].sort((a, b) => compare(a.id, b.id));
  const ordered = [...slots].sort((a, b) => a.start - b.start || compare(a.id, b.id));
  const assignments: DrawAssignment[] = [];
  for (const slot of ordered) {
    const weights = waiting.map((request) => Math.max(0, fit(request, slot)));
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    // One number per slot, whether or not anyone fits: slot k always uses the k-th number.
    const ticket = random.next() * total;
    if (total <= 0) continue;
    let chosen = 0;
    for (let sum = weights[0]; sum <= ticket && chosen < waiting.length - 1; sum += weights[chosen]) chosen += 1;
    // Rounding may land on a zero weight at the end: step back to the last one that fits.
    while (weights[chosen] <= 0) chosen -= 1;
    assignments.push({ slotId: slot.id, requestId: waiting[chosen].id });
    waiting.splice(chosen, 1);
  }
  return assignments;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
