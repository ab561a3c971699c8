import { Inject, Injectable, Module, Optional, type DynamicModule } from '@nestjs/common';
import { ShutdownDrain } from '@amtsweg/platform';
import { DevIdentityModule } from './dev-identity/dev-identity.module';
import type { GatewayConfig } from './gateway.config';
import { ForwardedStreams } from './routing/forwarded-streams';
import { GATEWAY_UPSTREAMS, TenantArchiveHttpController } from './offboarding/tenant-archive.http.controller';
import { WebModule } from './web/web.module';

/** On SIGTERM the streams the gateway forwards end as its listener closes (see ForwardedStreams). */
@Injectable()
class ForwardedStreamsShutdown {
  constructor(@Inject(ForwardedStreams) streams: ForwardedStreams, @Optional() drain?: ShutdownDrain) {
    drain?.onListenerClose(() => streams.endAll());
  }
}

/** The gateway's own routes: the development issuer, the web pages' configuration and the export archive. */
@Module({})
export class GatewayModule {
  /** `streams`: the ones the forwarding middleware of this process registers. */
  static forConfig(config: GatewayConfig, streams = new ForwardedStreams()): DynamicModule {
    return {
      module: GatewayModule,
      imports: [DevIdentityModule, WebModule.forConfig(config)],
      // The off-boarding archive: the four services' parts of an export in one tar.
      controllers: [TenantArchiveHttpController],
      providers: [
        { provide: ForwardedStreams, useValue: streams },
        ForwardedStreamsShutdown,
        { provide: GATEWAY_UPSTREAMS, useValue: config.upstreams },
      ],
    };
  }
}
