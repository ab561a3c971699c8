import { Inject, Injectable, Module, Optional, type DynamicModule } from '@nestjs/common';
import { ShutdownDrain } from '@amtsweg/platform';
import { DevIdentityModule } from './dev-identity/dev-identity.module';
import type { GatewayConfig } from './gateway.config';
import { ForwardedStreams } from './routing/forwarded-streams';
import { WebModule } from './web/web.module';

/** On SIGTERM the streams the gateway forwards end as its listener closes (see ForwardedStreams). */
@Injectable()
class ForwardedStreamsShutdown {
  constructor(@Inject(ForwardedStreams) streams: ForwardedStreams, @Optional() drain?: ShutdownDrain) {
    drain?.onListenerClose(() => streams.endAll());
  }
}

/** The gateway's own routes: the development issuer and the web pages' configuration. */
@Module({})
export class GatewayModule {
  /** `streams`: the ones the forwarding middleware of this process registers. */
  static forConfig(config: GatewayConfig, streams = new ForwardedStreams()): DynamicModule {
    return {
      module: GatewayModule,
      imports: [DevIdentityModule, WebModule.forConfig(config)],
      providers: [{ provide: ForwardedStreams, useValue: streams }, ForwardedStreamsShutdown],
    };
  }
}
