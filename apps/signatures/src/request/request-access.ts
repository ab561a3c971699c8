import type { Principal } from '@amtsweg/platform';
import type { EntityManager } from 'typeorm';
import { isParticipant, SignatureErrors, type SignatureRequest } from './signature-request';
import type { SignatureRequestRepository } from './signature-request.repository';

/**
 * The request as the caller may see it: of their tenant, and they take part in it (requester or
 * named signer). Anyone else gets 404 — not 403 — so that ids of others' requests reveal nothing.
 */
export async function requireVisibleRequest(
  requests: SignatureRequestRepository,
  manager: EntityManager,
  principal: Principal,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<SignatureRequest> {
  const request = await requests.find(manager, principal.tenant, id, options);
  if (!request || !isParticipant(request, principal.userId)) throw SignatureErrors.notFound();
  return request;
}
