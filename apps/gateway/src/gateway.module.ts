import { Module, type DynamicModule } from '@nestjs/common';
import { DevIdentityModule } from './dev-identity/dev-identity.module';
import type { GatewayConfig } from './gateway.config';
import { WebModule } from './web/web.module';

/** The gateway's own routes: the development issuer and the web pages' configuration. */
@Module({})
export class GatewayModule {
  static forConfig(config: GatewayConfig): DynamicModule {
    return { module: GatewayModule, imports: [DevIdentityModule, WebModule.forConfig(config)] };
  }
}
