import { AdminAudit } from '@amtsweg/eventing';
import { DomainError, newId, newSecret, Clock, type AdminActor } from '@amtsweg/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import { OfficeRepository } from '../../office/office.repository';
import type { Tenant } from '../../tenancy/tenant';
import { DAY_MS } from '../../time/wall-clock';
import type { Release } from '../release';
import { ReleaseRepository } from '../release.repository';

export const MAX_RELEASE_DAYS = 62;

export interface AnnounceRelease {
  tenant: Tenant;
  serviceId: string;
  officeIds: string[];
  slotsFrom: number;
  slotsTo: number;
  requestsUntil: number;
  actor: AdminActor;
}

/** A tenant admin releases new capacity as a draw: from now on those slots wait for it. */
@Injectable()
export class AnnounceReleaseHandler {
  private readonly logger = new Logger(AnnounceReleaseHandler.name);

  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly offices: OfficeRepository,
    private readonly releases: ReleaseRepository,
    private readonly clock: Clock,
    private readonly audit: AdminAudit,
  ) {}

  /** The release, and the time zone of its first office (the one its times are shown in). */
  async execute(command: AnnounceRelease): Promise<{ release: Release; timeZone: string }> {
    const now = this.clock.now();
    const refuse = (code: string, field: string, message: string) =>
      DomainError.unprocessable(code, `"${field}" ${message}.`, [{ field, message }]);
    if (command.requestsUntil <= now.getTime()) throw refuse('RELEASE.REQUESTS_UNTIL_PAST', 'requestsUntil', 'must lie in the future');
    if (command.slotsFrom < command.requestsUntil)
      throw refuse('RELEASE.SLOTS_BEFORE_DRAW', 'slotsFrom', 'must not lie before requestsUntil');
    if (command.slotsTo <= command.slotsFrom) throw refuse('RELEASE.RANGE_INVERTED', 'slotsTo', 'must lie after slotsFrom');
    if (command.slotsTo - command.slotsFrom > MAX_RELEASE_DAYS * DAY_MS)
      throw refuse('RELEASE.RANGE_TOO_LONG', 'slotsTo', `must be at most ${MAX_RELEASE_DAYS} days after slotsFrom`);
    const manager = this.dataSource.manager;
    const tenant = command.tenant.slug;
    const offices = [];
    for (const officeId of command.officeIds) {
      offices.push(await this.offices.require(manager, tenant, officeId));
      await this.offices.requireOffered(manager, tenant, command.serviceId, officeId);
    }
    // Secret until the draw; its hash is public from now on, so nobody can pick it after seeing the requests.
    const seed = newSecret();
    const release: Release = {
      id: newId(),
      tenant,
      serviceId: command.serviceId,
      officeIds: command.officeIds.map((id) => id.toLowerCase()),
      slotsFrom: new Date(command.slotsFrom),
      slotsTo: new Date(command.slotsTo),
      requestsUntil: new Date(command.requestsUntil),
      seed,
      seedSha256: createHash('sha256').update(seed, 'utf8').digest('hex'),
      status: 'collecting',
      slotsDrawn: null,
      createdAt: now,
      drawnAt: null,
    };
    await this.dataSource.transaction(async (transaction) => {
      await this.releases.insert(transaction, release);
      // Not the seed: it stays secret until the draw.
      await this.audit.record(transaction, {
        tenant,
        actor: command.actor,
        action: 'release.announced',
        subject: { type: 'release', id: release.id },
        before: null,
        after: {
          serviceId: release.serviceId,
          officeIds: release.officeIds,
          slotsFrom: release.slotsFrom,
          slotsTo: release.slotsTo,
          requestsUntil: release.requestsUntil,
          seedSha256: release.seedSha256,
        },
      });
    });
    this.logger.log(`release ${release.id} announced, draw at ${release.requestsUntil.toISOString()}`);
    return { release, timeZone: offices[0].timeZone };
  }
}
