import { waitFor } from '@amtsweg/eventing/testing';
import type { ComposedSuite } from './composed-process';

export interface PendingSignatureRequest {
  id: string;
  handoverId?: string;
  title: string;
}

/**
 * Waits until the signer behind `auth` has pending signature requests for the handover (or return)
 * `handoverId` in their inbox, `what` naming them in a timeout; answers those requests.
 */
export async function pendingProtocolsFor(
  http: ComposedSuite['http'],
  auth: string,
  handoverId: string,
  what: string,
): Promise<PendingSignatureRequest[]> {
  const inbox = await waitFor(
    what,
    async () =>
      (
        await http()
          .get('/api/v1/tenants/demo/signature-requests')
          .query({ as: 'signer', status: 'pending' })
          .set('Authorization', auth)
          .expect(200)
      ).body.items as PendingSignatureRequest[],
    (items) => items.some((item) => item.handoverId === handoverId),
    { timeoutMs: 30_000 },
  );
  return inbox.filter((item) => item.handoverId === handoverId);
}
