import 'reflect-metadata';
import { PATH_METADATA, MODULE_METADATA } from '@nestjs/common/constants';
import { appointmentsUnit } from '@amtsweg/appointments';
import { devicesUnit } from '@amtsweg/devices';
import { messagingUnit } from '@amtsweg/messaging';
import { signaturesUnit } from '@amtsweg/signatures';
import { serviceFor, type ServiceName } from './service-routes';

// Each service's root module, as its public entry hands it to the composition root.
const SERVICE_MODULES: Record<ServiceName, object> = {
  appointments: appointmentsUnit.module,
  messaging: messagingUnit.module,
  signatures: signaturesUnit.module,
  devices: devicesUnit.module,
};

/** Every HTTP route a service's controllers declare, with `:params` filled in as a client would. */
function routesOf(module: object): string[] {
  const controllers: Array<new (...args: never[]) => unknown> = Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, module) ?? [];
  return controllers.flatMap((controller) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const handlers = Object.getOwnPropertyNames(controller.prototype).filter((name) => name !== 'constructor');
    return handlers
      .map(
        (name) =>
          Reflect.getMetadata(PATH_METADATA, controller.prototype[name as keyof typeof controller.prototype] as object) as
            string | undefined,
      )
      .filter((path): path is string => path !== undefined)
      .map((path) => `/${[base, path].filter((part) => part && part !== '/').join('/')}`.replace(/\/+/g, '/').replace(/:[^/]+/g, 'x'));
  });
}

describe('the gateway route table', () => {
  it.each(Object.entries(SERVICE_MODULES))(
    'forwards every route of %s to it, so that no route is reachable only in the all-in-one start',
    (service, module) => {
      const routes = routesOf(module).filter((path) => path.startsWith('/api/'));
      expect(routes.length).toBeGreaterThan(3);
      expect(routes.filter((path) => serviceFor(path) !== service)).toEqual([]);
    },
  );
});
