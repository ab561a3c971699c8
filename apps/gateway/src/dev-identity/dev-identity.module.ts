import { Module } from '@nestjs/common';
import { DevIdentityController } from './dev-identity.http.controller';

/**
 * What the sign-in page offers outside production. The development identity provider itself
 * (token, discovery, keys) is messaging's, where the people directory lives; the gateway forwards
 * its paths there (routing/service-routes.ts).
 */
@Module({ controllers: [DevIdentityController] })
export class DevIdentityModule {}
