import { DomainError, UUID_PATTERN } from '@amtsweg/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { manageTokenMatches } from '../booking/manage-token';
import type { WaitingEntry } from './waiting-entry';
import { WaitingEntryRepository } from './waiting-entry.repository';

/** The citizen's way to their entry: its id and token; the same 404 for an unknown id and a wrong token. */
@Injectable()
export class ManagedWaitingEntries {
  constructor(private readonly entries: WaitingEntryRepository) {}

  async open(
    manager: EntityManager,
    tenant: string,
    id: string,
    token: unknown,
    options: { forUpdate?: boolean } = {},
  ): Promise<WaitingEntry> {
    const entry = UUID_PATTERN.test(id) ? await this.entries.find(manager, tenant, id.toLowerCase(), options) : undefined;
    const matches = manageTokenMatches(token, entry?.manageTokenSha256);
    if (!entry || !matches) throw DomainError.notFound('WAITING_LIST.NOT_FOUND', 'No waiting-list entry with this id and token.');
    return entry;
  }
}
