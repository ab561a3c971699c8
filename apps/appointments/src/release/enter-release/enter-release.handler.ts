import { DomainError, newId, newSecret, PgError, sqlState, UUID_PATTERN, Clock } from '@amtsweg/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import type { Citizen } from '../../booking/booking';
import { hashManageToken } from '../../booking/manage-token';
import { assertTimeSpan, type StatedPreferences } from '../../preferences/stated-preferences';
import type { Tenant } from '../../tenancy/tenant';
import type { ReleaseRequest } from '../release';
import { ReleaseRepository } from '../release.repository';

export interface EnterRelease {
  tenant: Tenant;
  releaseId: string;
  preferences: StatedPreferences;
  citizen: Citizen;
}

export const ReleaseErrors = {
  notFound: () => DomainError.notFound('RELEASE.NOT_FOUND', 'No such release.'),
  requestNotFound: () => DomainError.notFound('RELEASE.REQUEST_NOT_FOUND', 'No request with this id and token.'),
};

/**
 * A citizen asks for a slot of a release. When the request comes in does not matter — only that
 * it comes before the draw; one request per address and release.
 */
@Injectable()
export class EnterReleaseHandler {
  private readonly logger = new Logger(EnterReleaseHandler.name);

  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly releases: ReleaseRepository,
    private readonly clock: Clock,
  ) {}

  async execute(command: EnterRelease): Promise<{ request: ReleaseRequest; manageToken: string }> {
    const { tenant, preferences } = command;
    const manager = this.dataSource.manager;
    const release = UUID_PATTERN.test(command.releaseId)
      ? await this.releases.find(manager, tenant.slug, command.releaseId.toLowerCase())
      : undefined;
    if (!release) throw ReleaseErrors.notFound();
    const now = this.clock.now();
    if (release.status !== 'collecting' || release.requestsUntil.getTime() <= now.getTime()) {
      throw DomainError.conflict('RELEASE.CLOSED', 'Requests for this release are closed; the draw has taken place or is under way.');
    }
    assertTimeSpan(preferences);
    const outside = preferences.officeIds.filter((id) => !release.officeIds.includes(id));
    if (outside.length > 0) {
      throw DomainError.unprocessable('RELEASE.OFFICE_NOT_RELEASED', 'This release gives out no slots at some of the offices named.', [
        { field: 'officeIds', message: `not part of this release: ${outside.join(', ')}` },
      ]);
    }
    const manageToken = newSecret();
    const request: ReleaseRequest = {
      id: newId(),
      tenant: tenant.slug,
      releaseId: release.id,
      ...preferences,
      citizenName: command.citizen.name,
      citizenEmail: command.citizen.email,
      manageTokenSha256: hashManageToken(manageToken),
      status: 'entered',
      bookingId: null,
      createdAt: now,
    };
    try {
      await this.releases.insertRequest(manager, request);
    } catch (error) {
      if (sqlState(error) === PgError.uniqueViolation)
        throw DomainError.conflict('RELEASE.ALREADY_ENTERED', 'This e-mail address has already asked for a slot of this release.');
      throw error;
    }
    this.logger.log(`release ${release.id}: request ${request.id} entered`);
    return { request, manageToken };
  }
}
