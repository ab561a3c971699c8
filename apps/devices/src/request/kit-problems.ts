import { DomainError } from '@amtsweg/platform';
import type { DeviceRequest } from './device-request';

/** The problems of changing a request's kit, shared by the routes that change it. */
export const KitProblems = {
  requestNotFound: () => DomainError.notFound('DEVICE_REQUEST.NOT_FOUND', 'Diese Anforderung gibt es nicht.'),
  deviceNotFound: () => DomainError.notFound('DEVICE.NOT_FOUND', 'Dieses Gerät gibt es nicht.'),
  /** A kit changes while its request is approved and no handover waits for a signature. */
  notChangeable(request: DeviceRequest): DomainError {
    if (request.status === 'handover_requested') {
      return DomainError.conflict(
        'DEVICE_REQUEST.HANDOVER_PENDING',
        'The kit’s handover protocol is waiting for the employee’s signature; its devices cannot change until it is signed or refused.',
      );
    }
    return DomainError.conflict(
      'DEVICE_REQUEST.NOT_APPROVED',
      `The request is “${request.status}”: only an approved request’s kit can change or be handed over.`,
    );
  },
  concurrentChange: () =>
    DomainError.conflict(
      'DEVICE_REQUEST.CONCURRENT_CHANGE',
      'Die Anforderung oder die Geräte wurden gerade geändert. Bitte erneut versuchen.',
    ),
};
