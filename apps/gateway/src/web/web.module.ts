import { Module, type DynamicModule } from '@nestjs/common';
import { GatewayConfig } from '../gateway.config';
import { OidcDiscovery } from './oidc-discovery';
import { WebConfigHttpController } from './web-config.http.controller';

/** What the gateway answers for the web pages beyond their files: the sign-in configuration. */
@Module({})
export class WebModule {
  static forConfig(config: GatewayConfig): DynamicModule {
    return {
      module: WebModule,
      controllers: [WebConfigHttpController],
      providers: [{ provide: GatewayConfig, useValue: config }, OidcDiscovery],
    };
  }
}
