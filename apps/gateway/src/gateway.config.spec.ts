import { ConfigurationError } from '@amtsweg/platform';
import { GatewayConfig, loadGatewayConfig, upstreamSettingOf } from './gateway.config';
import { SERVICE_NAMES } from './routing/service-routes';

describe('GatewayConfig', () => {
  it.each(SERVICE_NAMES.map((service) => [service] as const))('has a setting naming where %s runs when it runs elsewhere', (service) => {
    expect(Object.keys(new GatewayConfig())).toContain(upstreamSettingOf(service));
  });

  it('forwards exactly the services whose <SERVICE>_URL is set (blank counts as unset)', () => {
    const config = loadGatewayConfig({
      MESSAGING_URL: ' http://messaging:3000 ',
      DEVICES_URL: 'https://devices.internal.example/',
      SIGNATURES_URL: '  ',
    });
    expect(Object.fromEntries(Object.entries(config.upstreams).map(([service, url]) => [service, url.href]))).toEqual({
      messaging: 'http://messaging:3000/',
      devices: 'https://devices.internal.example/',
    });
    expect(loadGatewayConfig({}).upstreams).toEqual({});
  });

  it.each(['appointments:3000', 'ftp://appointments', 'not a url'])(
    'stops the start on APPOINTMENTS_URL=%s, naming the variable',
    (value) => {
      expect(() => loadGatewayConfig({ APPOINTMENTS_URL: value })).toThrow(ConfigurationError);
      expect(() => loadGatewayConfig({ APPOINTMENTS_URL: value })).toThrow(`APPOINTMENTS_URL=${JSON.stringify(value)}`);
    },
  );
});
