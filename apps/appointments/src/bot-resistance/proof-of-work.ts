import { DomainError, Clock } from '@amtsweg/platform';
import { Inject, Injectable } from '@nestjs/common';
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../appointments.database';
import { AppointmentsConfig } from '../appointments.config';

/** How long a challenge may be solved and used. */
export const CHALLENGE_SECONDS = 300;

/** ALTCHA's challenge shape: find `number` ≤ `maxnumber` with SHA-256(salt + number) = challenge. */
export interface Challenge {
  algorithm: 'SHA-256';
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}

/** What the client sends back (base64 JSON in the `X-Altcha` header). */
export interface Solution {
  algorithm: string;
  challenge: string;
  number: number;
  salt: string;
  signature: string;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Proof of work in the ALTCHA manner: the server signs a puzzle and keeps nothing; the client
 * spends CPU time finding the number; the server checks the signature, the expiry written into the
 * salt and the hash — statelessly — and records the signature only once it is used, so a solution
 * works once. No cookie, no fingerprint, no third party.
 */
@Injectable()
export class ProofOfWork {
  private readonly key: Buffer;

  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly clock: Clock,
    config: AppointmentsConfig,
  ) {
    this.key = config.APPOINTMENTS_CHALLENGE_KEY ? Buffer.from(config.APPOINTMENTS_CHALLENGE_KEY, 'utf8') : randomBytes(32);
  }

  issue(maxNumber: number): Challenge {
    const expires = Math.floor(this.clock.now().getTime() / 1000) + CHALLENGE_SECONDS;
    const salt = `${randomBytes(12).toString('hex')}?expires=${expires}`;
    const challenge = sha256(`${salt}${randomInt(0, maxNumber + 1)}`);
    return { algorithm: 'SHA-256', challenge, maxnumber: maxNumber, salt, signature: this.sign(challenge) };
  }

  /** Checks a solution (the `X-Altcha` header) and spends it; throws 400, 403 or 409 problems. */
  async spend(header: unknown): Promise<void> {
    if (typeof header !== 'string' || header.length === 0) {
      throw DomainError.badRequest('CHALLENGE.REQUIRED', 'This request needs a solved challenge in the X-Altcha header (GET …/challenge).');
    }
    const solution = parseSolution(header);
    const now = this.clock.now();
    const expires = Number(new URLSearchParams(solution.salt.split('?')[1] ?? '').get('expires'));
    const invalid = () =>
      new DomainError(403, 'CHALLENGE.INVALID', 'The challenge solution is wrong, forged or expired; fetch a new challenge.');
    if (!Number.isFinite(expires) || expires * 1000 <= now.getTime()) throw invalid();
    if (!equalHex(this.sign(solution.challenge), solution.signature)) throw invalid();
    if (solution.algorithm !== 'SHA-256' || sha256(`${solution.salt}${solution.number}`) !== solution.challenge) throw invalid();
    await this.dataSource.query('DELETE FROM appointments.spent_challenge WHERE expires_at < $1', [now]);
    const spent = (await this.dataSource.query(
      'INSERT INTO appointments.spent_challenge (signature, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING signature',
      [solution.signature, new Date(expires * 1000)],
    )) as unknown[];
    if (spent.length === 0) throw DomainError.conflict('CHALLENGE.ALREADY_USED', 'This challenge has been used already; fetch a new one.');
  }

  private sign(challenge: string): string {
    return createHmac('sha256', this.key).update(challenge, 'utf8').digest('hex');
  }
}

function parseSolution(header: string): Solution {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(header, 'base64').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const s = parsed as Partial<Solution> | undefined;
  const wellFormed =
    !!s &&
    typeof s.algorithm === 'string' &&
    typeof s.challenge === 'string' &&
    typeof s.salt === 'string' &&
    typeof s.signature === 'string' &&
    Number.isSafeInteger(s.number) &&
    (s.number ?? -1) >= 0;
  if (!wellFormed)
    throw DomainError.badRequest(
      'CHALLENGE.MALFORMED',
      'X-Altcha must be base64 JSON with algorithm, challenge, number, salt and signature.',
    );
  return s as Solution;
}

function equalHex(expected: string, offered: string): boolean {
  const a = Buffer.from(expected, 'hex');
  const b = Buffer.from(/^[0-9a-f]*$/i.test(offered) ? offered : '', 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * What a client does: try numbers until the hash matches. Used by tests and the simulation's honest clients.
 * @internal not served: knip's production check allows it
 */
export function solveChallenge(challenge: Challenge): Solution | undefined {
  for (let number = 0; number <= challenge.maxnumber; number += 1) {
    if (sha256(`${challenge.salt}${number}`) === challenge.challenge) return { ...challenge, number };
  }
  return undefined;
}
