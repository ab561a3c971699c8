import { appointmentsUnit } from '@amtsweg/appointments';
import { devicesUnit } from '@amtsweg/devices';
import { eventDrivenProcess } from '@amtsweg/eventing';
import { messagingUnit } from '@amtsweg/messaging';
import type { ServiceProcess, ServiceUnit } from '@amtsweg/platform';
import { signaturesUnit } from '@amtsweg/signatures';
import { loadGatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { ForwardedStreams } from './routing/forwarded-streams';
import { forwardingMiddleware } from './routing/forwarding.middleware';
import type { ServiceName } from './routing/service-routes';
import { webPagesMiddleware } from './web/web-pages.middleware';

const SERVICE_UNITS: Record<ServiceName, ServiceUnit> = {
  appointments: appointmentsUnit,
  messaging: messagingUnit,
  signatures: signaturesUnit,
  devices: devicesUnit,
};

/**
 * The public edge. A service with `<SERVICE>_URL` set is forwarded to; every other one runs inside
 * this process — with none set, that is the whole system in one process (the embedded default).
 * It also serves the web client (`WEB_ROOT`, default `dist/web`, built by `npm run build:web`).
 * `env`: the gateway's settings (GatewayConfig); by default the process environment.
 */
export function gatewayProcess(env?: NodeJS.ProcessEnv): ServiceProcess {
  const config = loadGatewayConfig(env);
  const upstreams = config.upstreams;
  const local = Object.entries(SERVICE_UNITS)
    .filter(([service]) => !upstreams[service as ServiceName])
    .map(([, unit]) => unit);
  const streams = new ForwardedStreams();
  const gatewayUnit: ServiceUnit = { name: 'gateway', module: GatewayModule.forConfig(config, streams), stateless: true };
  return eventDrivenProcess('amtsweg', [gatewayUnit, ...local], (platform) => [
    forwardingMiddleware(upstreams, streams),
    // With a real identity provider the pages trade their sign-in code at its token endpoint; so with a municipality's own.
    webPagesMiddleware(config.WEB_ROOT, [
      ...(platform.usesDevIssuer ? [] : [new URL(platform.issuer).origin]),
      ...config.tenantIssuerOrigins,
    ]),
  ]);
}
