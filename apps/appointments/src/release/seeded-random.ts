import { createHash } from 'node:crypto';

/**
 * Uniform numbers in [0, 1) from a seed: the same seed gives the same sequence on every machine,
 * so anyone holding the published seed can repeat a draw. xoshiro128** seeded with SHA-256 of the
 * seed text (a statistical generator: the seed, not the generator, is the secret until the draw).
 */
export class SeededRandom {
  private readonly s = new Uint32Array(4);

  constructor(seed: string) {
    const digest = createHash('sha256').update(seed, 'utf8').digest();
    for (let i = 0; i < 4; i += 1) this.s[i] = digest.readUInt32LE(i * 4);
    // An all-zero state would stay zero; SHA-256 makes it practically impossible, this makes it impossible.
    if (this.s.every((word) => word === 0)) this.s[0] = 1;
  }

  next(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result / 0x1_0000_0000;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
