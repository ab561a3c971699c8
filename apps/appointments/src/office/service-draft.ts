import type { Service } from './office';
import type { ServiceDraft } from './service-writer';
import type { ServiceRequest, UpdateServiceRequest } from './service.request.dto';

const lowerCased = (ids: string[]): string[] => ids.map((id) => id.toLowerCase());

export function serviceDraftOf(body: ServiceRequest): ServiceDraft {
  return {
    name: body.name,
    durationMinutes: body.durationMinutes,
    officeIds: lowerCased(body.officeIds),
    description: body.description ?? null,
    documents: body.documents ?? [],
    fee: body.fee ? { amountCents: body.fee.amountCents, note: body.fee.note } : null,
  };
}

/** The service with what the PATCH names changed; `null` clears an optional field, and leaves a required one as it is. */
export function patchedServiceDraft(service: Service, patch: UpdateServiceRequest): ServiceDraft {
  return {
    name: patch.name ?? service.name,
    durationMinutes: patch.durationMinutes ?? service.durationMinutes,
    officeIds: patch.officeIds ? lowerCased(patch.officeIds) : service.officeIds,
    description: patch.description === undefined ? service.description : patch.description,
    documents: patch.documents === undefined ? service.documents : (patch.documents ?? []),
    fee: patch.fee === undefined ? service.fee : patch.fee && { amountCents: patch.fee.amountCents, note: patch.fee.note },
  };
}
