import { Inject, Injectable } from '@nestjs/common';
import type { DevSigningKey } from '@amtsweg/platform';

export const DEV_SIGNING_KEY = Symbol('DEV_SIGNING_KEY');

/** Publishes the development key the services verify against (messaging signs the tokens with it). Development only. */
@Injectable()
export class DevIssuer {
  constructor(@Inject(DEV_SIGNING_KEY) private readonly key: DevSigningKey) {}

  publicJwks(): { keys: object[] } {
    return { keys: [this.key.publicJwk] };
  }
}
