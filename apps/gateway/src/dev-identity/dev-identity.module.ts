import { Module } from '@nestjs/common';
import { DevSigningKey, PlatformConfig } from '@amtsweg/platform';
import { DevIdentityController } from './dev-identity.http.controller';
import { DEV_SIGNING_KEY, DevIssuer } from './dev-issuer';

@Module({
  controllers: [DevIdentityController],
  providers: [
    DevIssuer,
    {
      provide: DEV_SIGNING_KEY,
      inject: [PlatformConfig],
      useFactory: (config: PlatformConfig) => DevSigningKey.loadOrCreate(config.DATA_DIR),
    },
  ],
})
export class DevIdentityModule {}
