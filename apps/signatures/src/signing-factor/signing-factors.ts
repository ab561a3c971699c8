import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import QRCode from 'qrcode';
import { dataSourceToken, DomainError, type Principal, Clock } from '@amtsweg/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { TenantAuditTrail } from '../audit/tenant-audit-trail';
import { changedRows } from '@amtsweg/platform';
import { KeyEncryption } from '../keys/key-encryption';
import { failedAttemptReason } from './failed-attempt';
import { matchTotp, otpauthUri } from './totp';

/** After this many wrong codes in a row, codes are refused for a while (6 digits must not be guessable). */
const MAX_FAILED_ATTEMPTS = 5;
const LOCKOUT_MS = 15 * 60_000;
const SECRET_BYTES = 20;

interface FactorRow {
  secret_sealed: Buffer;
  confirmed_at: Date | null;
  last_used_step: string | number;
  failed_attempts: number;
  last_failed_at: Date | null;
}

/** A code that matched, not yet spent: `spend` it in the transaction whose effect it authorises. */
export interface VerifiedCode {
  tenant: string;
  userId: string;
  step: number;
}

export const SecondFactorErrors = {
  required: () =>
    DomainError.forbidden(
      'SIGNATURE.SECOND_FACTOR_REQUIRED',
      'Confirm your signature with the code from your authenticator app (field "otp").',
    ),
  invalid: () => DomainError.forbidden('SIGNATURE.SECOND_FACTOR_INVALID', 'The code is wrong, expired or already used.'),
  locked: (retryAfterSeconds: number) =>
    new DomainError(429, 'SIGNATURE.SECOND_FACTOR_LOCKED', 'Too many wrong codes; try again later.', undefined, {
      'Retry-After': String(retryAfterSeconds),
    }),
  notEnrolled: (tenant: string) =>
    new DomainError(
      403,
      'SIGNATURE.SECOND_FACTOR_NOT_ENROLLED',
      'Set up a second factor for signing (an authenticator app) before you sign.',
      undefined,
      undefined,
      {
        enrolment: `/api/v1/tenants/${tenant}/signing-factor`,
      },
    ),
};

/**
 * The signers' second factor (TOTP): sole control of a signature means a stolen session alone
 * does not sign. Secrets are sealed at rest; a code is spent once — and every earlier one with it.
 */
@Injectable()
export class SigningFactors {
  constructor(
    @Inject(dataSourceToken('signatures')) private readonly dataSource: DataSource,
    private readonly encryption: KeyEncryption,
    private readonly clock: Clock,
    private readonly audit: TenantAuditTrail,
  ) {}

  async status(principal: Principal): Promise<{ enrolled: boolean; confirmedAt?: Date }> {
    const row = await this.row(this.dataSource.manager, principal);
    return row?.confirmed_at ? { enrolled: true, confirmedAt: new Date(row.confirmed_at) } : { enrolled: false };
  }

  /**
   * Starts (or restarts, while unconfirmed) an enrollment: the secret leaves the server this once —
   * as URI, as text to type, and as a QR code (SVG) drawn here, since the web client has no bundler.
   */
  async enroll(principal: Principal): Promise<{ otpauthUri: string; secret: string; qrSvg: string }> {
    const existing = await this.row(this.dataSource.manager, principal);
    if (existing?.confirmed_at)
      throw DomainError.conflict('SIGNING_FACTOR.ALREADY_ENROLLED', 'You have already set up a second factor for signing.');
    const secret = randomBytes(SECRET_BYTES);
    await this.dataSource.query(
      `INSERT INTO signatures.signing_factor (tenant, user_id, secret_sealed, confirmed_at, last_used_step, failed_attempts, last_failed_at, created_at)
       VALUES ($1, $2, $3, NULL, 0, 0, NULL, $4)
       ON CONFLICT (tenant, user_id) DO UPDATE SET secret_sealed = EXCLUDED.secret_sealed, failed_attempts = 0, last_failed_at = NULL, created_at = EXCLUDED.created_at
       WHERE signatures.signing_factor.confirmed_at IS NULL`,
      [principal.tenant, principal.userId, this.encryption.seal(secret, context(principal.tenant, principal.userId)), this.clock.now()],
    );
    const uri = otpauthUri(secret, principal.email ?? principal.userId);
    const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { otpauthUri: uri, secret: new URL(uri).searchParams.get('secret') ?? '', qrSvg };
  }

  /**
   * Proves the app holds the secret; from now on every signature needs a code. A refused code
   * (wrong, or locked out) is answered only after its transaction commits the failure count and
   * the tenant's audit entry: thrown inside, both would roll back with it.
   */
  async confirm(principal: Principal, code: string): Promise<{ confirmedAt: Date }> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<{ confirmedAt: Date } | { refused: unknown }> => {
      const row = await this.row(manager, principal, { forUpdate: true });
      if (!row) throw DomainError.conflict('SIGNING_FACTOR.NOT_STARTED', 'Start the set-up first (POST …/signing-factor).');
      if (row.confirmed_at)
        throw DomainError.conflict('SIGNING_FACTOR.ALREADY_ENROLLED', 'You have already set up a second factor for signing.');
      let step: number;
      try {
        step = await this.match(manager, principal.tenant, principal.userId, row, code);
      } catch (error) {
        const reason = failedAttemptReason(error);
        if (!reason) throw error;
        await this.audit.append(manager, principal.tenant, 'signing-factor-failed', principal.userId, this.clock.now(), { reason });
        return { refused: error };
      }
      const now = this.clock.now();
      await manager.query(
        `UPDATE signatures.signing_factor SET confirmed_at = $3, last_used_step = $4, failed_attempts = 0, last_failed_at = NULL WHERE tenant = $1 AND user_id = $2`,
        [principal.tenant, principal.userId, now, step],
      );
      return { confirmedAt: now };
    });
    if ('refused' in outcome) throw outcome.refused;
    return outcome;
  }

  /**
   * Before signing: without a (confirmed) second factor, 403 where the tenant requires one (its
   * settings), else undefined; with one, the code must match (403 without or with a wrong one).
   * Wrong codes are counted outside the signing transaction, so they count though signing fails.
   */
  async verify(tenant: string, userId: string, code: string | undefined, required: boolean): Promise<VerifiedCode | undefined> {
    const row = await this.row(this.dataSource.manager, { tenant, userId });
    if (!row?.confirmed_at) {
      if (required) throw SecondFactorErrors.notEnrolled(tenant);
      return undefined;
    }
    if (!code) throw SecondFactorErrors.required();
    return { tenant, userId, step: await this.match(this.dataSource.manager, tenant, userId, row, code) };
  }

  /** In the signing transaction: spends the code, unless someone spent it (or a later one) meanwhile. */
  async spend(manager: EntityManager, code: VerifiedCode): Promise<void> {
    const spent = await changedRows(
      manager,
      `UPDATE signatures.signing_factor SET last_used_step = $3, failed_attempts = 0, last_failed_at = NULL
        WHERE tenant = $1 AND user_id = $2 AND last_used_step < $3`,
      [code.tenant, code.userId, code.step],
    );
    if (spent !== 1) throw SecondFactorErrors.invalid();
  }

  private async match(manager: EntityManager, tenant: string, userId: string, row: FactorRow, code: string): Promise<number> {
    const now = this.clock.now();
    if (
      row.failed_attempts >= MAX_FAILED_ATTEMPTS &&
      row.last_failed_at &&
      now.getTime() - new Date(row.last_failed_at).getTime() < LOCKOUT_MS
    ) {
      throw SecondFactorErrors.locked(Math.ceil((new Date(row.last_failed_at).getTime() + LOCKOUT_MS - now.getTime()) / 1000));
    }
    const secret = this.encryption.open(row.secret_sealed, context(tenant, userId));
    const step = matchTotp(secret, code, now, Number(row.last_used_step));
    if (step === undefined) {
      // A new series of failures starts once the lockout has passed.
      await manager.query(
        `UPDATE signatures.signing_factor
            SET failed_attempts = CASE WHEN last_failed_at IS NULL OR last_failed_at < $3 THEN 1 ELSE failed_attempts + 1 END, last_failed_at = $4
          WHERE tenant = $1 AND user_id = $2`,
        [tenant, userId, new Date(now.getTime() - LOCKOUT_MS), now],
      );
      throw SecondFactorErrors.invalid();
    }
    return step;
  }

  private async row(
    manager: EntityManager,
    who: { tenant: string; userId: string },
    options: { forUpdate?: boolean } = {},
  ): Promise<FactorRow | undefined> {
    const [row] = (await manager.query(
      `SELECT secret_sealed, confirmed_at, last_used_step, failed_attempts, last_failed_at FROM signatures.signing_factor WHERE tenant = $1 AND user_id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`,
      [who.tenant, who.userId],
    )) as FactorRow[];
    return row;
  }
}

function context(tenant: string, userId: string): string {
  return `signing-factor:${tenant}:${userId}`;
}
