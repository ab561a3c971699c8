import { Injectable } from '@nestjs/common';
import { DomainError } from '../http/problem';

/** Whether a service's copy of the people directory knows a person as deactivated. */
export interface PersonStatusSource {
  isDeactivated(tenant: string, userId: string): Promise<boolean>;
}

/**
 * The process's answer to "is this token's person deactivated?": every service that keeps the people
 * directory (messaging owns it, signatures and devices project it) registers its copy at start; the
 * AuthGuard refuses a token when any copy says deactivated. A person a copy does not know is not
 * refused: tokens of an identity provider may name people the directory has not seen yet.
 */
@Injectable()
export class DeactivatedPeople {
  private readonly sources: PersonStatusSource[] = [];

  register(source: PersonStatusSource): void {
    this.sources.push(source);
  }

  /** 401 `AUTH.PERSON_DEACTIVATED` when a copy knows the person as deactivated: from then on, not at the token's expiry. */
  async assertActive(tenant: string, userId: string): Promise<void> {
    for (const source of this.sources)
      if (await source.isDeactivated(tenant, userId))
        throw new DomainError(401, 'AUTH.PERSON_DEACTIVATED', 'This person has been deactivated and can no longer sign in.', undefined, {
          'WWW-Authenticate': 'Bearer',
        });
  }
}

/**
 * A small per-person cache in front of a directory table, so that checking every request costs a
 * map look-up: an answer is kept `ttlMs`, and `forget` drops it at once when this instance applies
 * a change of that person (the event's consumer, the directory's own use case). Other instances of
 * the same service follow within `ttlMs`.
 */
export class CachedPersonStatus implements PersonStatusSource {
  private readonly answers = new Map<string, { deactivated: boolean; until: number }>();

  constructor(
    private readonly load: (tenant: string, userId: string) => Promise<boolean>,
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 10_000,
  ) {}

  async isDeactivated(tenant: string, userId: string): Promise<boolean> {
    const key = `${tenant}\u0000${userId}`;
    const now = Date.now();
    const cached = this.answers.get(key);
    if (cached && cached.until > now) return cached.deactivated;
    const deactivated = await this.load(tenant, userId);
    if (this.answers.size >= this.maxEntries) this.answers.clear();
    this.answers.set(key, { deactivated, until: now + this.ttlMs });
    return deactivated;
  }

  forget(tenant: string, userId: string): void {
    this.answers.delete(`${tenant}\u0000${userId}`);
  }
}
