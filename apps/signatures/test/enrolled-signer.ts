import { createHmac } from 'node:crypto';
import type { SignaturesTestApp } from './signatures-app';

/** Where the helper sends its two requests; supertest's `Test` is thenable, so `(p, b) => http().post(p).set(...).send(b)` fits. */
export type PostJson = (path: string, body: object) => PromiseLike<{ status: number; body: { otpauthUri?: string; code?: string } }>;

const PERIOD_MS = 30_000;

/**
 * A signer with a confirmed second factor, as an authenticator app would be: enrols through the
 * API (POST …/signing-factor, then …/confirm) and hands out a fresh code for every signature. The
 * server accepts the steps before and after now and spends each code once, so at most three
 * codes fit into one 30 s window: `nextCode` moves the test's clock on (`advance`) or waits.
 *
 * Computed here, not with the service's own TOTP code, so a fault there cannot hide in the tests.
 */
export class EnrolledSigner {
  private lastStep: number;

  private constructor(
    private readonly secret: Buffer,
    confirmedStep: number,
    private readonly now: () => Date,
    private readonly advance?: (ms: number) => void,
  ) {
    this.lastStep = confirmedStep;
  }

  static async enrol(
    post: PostJson,
    tenant: string,
    clock: { now: () => Date; advance?: (ms: number) => void } = { now: () => new Date() },
  ): Promise<EnrolledSigner> {
    const started = await post(`/api/v1/tenants/${tenant}/signing-factor`, {});
    if (started.status !== 201 || !started.body.otpauthUri)
      throw new Error(`enrolment answered ${started.status} ${started.body.code ?? ''}`);
    const secret = base32Decode(new URL(started.body.otpauthUri).searchParams.get('secret') ?? '');
    // The step before now, to leave now and the next for signatures; once more with now if a step boundary passed meanwhile.
    let step = stepAt(clock.now()) - 1;
    let confirmed = await post(`/api/v1/tenants/${tenant}/signing-factor/confirm`, { otp: hotp(secret, step) });
    if (confirmed.status === 403) {
      step = stepAt(clock.now());
      confirmed = await post(`/api/v1/tenants/${tenant}/signing-factor/confirm`, { otp: hotp(secret, step) });
    }
    if (confirmed.status !== 200) throw new Error(`confirming answered ${confirmed.status} ${confirmed.body.code ?? ''}`);
    return new EnrolledSigner(secret, step, () => clock.now(), clock.advance ? (ms) => clock.advance!(ms) : undefined);
  }

  /** A code the server has not seen yet (each call spends one time step; never the step before now, which may lapse on the way). */
  async nextCode(): Promise<string> {
    let step = Math.max(this.lastStep + 1, stepAt(this.now()));
    while (step > stepAt(this.now()) + 1) {
      if (this.advance) this.advance(PERIOD_MS);
      else await new Promise((resolve) => setTimeout(resolve, PERIOD_MS - (this.now().getTime() % PERIOD_MS) + 50));
      step = Math.max(this.lastStep + 1, stepAt(this.now()));
    }
    this.lastStep = step;
    return hotp(this.secret, step);
  }

  /** A code that is certainly wrong now (for tests of refusals). */
  wrongCode(): string {
    const right = new Set([-1, 0, 1].map((offset) => hotp(this.secret, stepAt(this.now()) + offset)));
    let candidate = 0;
    while (right.has(String(candidate).padStart(6, '0'))) candidate += 1;
    return String(candidate).padStart(6, '0');
  }
}

function stepAt(at: Date): number {
  return Math.floor(at.getTime() / PERIOD_MS);
}

function hotp(secret: Buffer, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', secret).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const char of text) {
    value = (value << 5) | alphabet.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/**
 * Enrols `emails` in a signatures test app (its movable clock included); the answer gives a sign
 * body with a fresh code for each of them: `.send(await signBody(CLERK))`.
 */
export async function enrolSigners(
  t: Pick<SignaturesTestApp, 'http'> & { token(email: string): Promise<string>; clock: { now: () => Date; advance: (ms: number) => void } },
  emails: string[],
  tenant = 'demo',
): Promise<(email: string) => Promise<{ otp: string }>> {
  const signers = new Map<string, EnrolledSigner>();
  for (const email of emails) {
    const bearer = `Bearer ${await t.token(email)}`;
    signers.set(
      email,
      await EnrolledSigner.enrol((path, body) => t.http().post(path).set({ Authorization: bearer }).send(body), tenant, t.clock),
    );
  }
  return async (email) => {
    const signer = signers.get(email);
    if (!signer) throw new Error(`${email} was not enrolled`);
    return { otp: await signer.nextCode() };
  };
}

/** The code an authenticator app shows for the base32 `secret` (as the enrolment page displays it), `stepsAhead` steps from `at`. */
export function authenticatorCode(secret: string, at = new Date(), stepsAhead = 0): string {
  return hotp(base32Decode(secret), stepAt(at) + stepsAhead);
}
