import type { EventContract } from '@amtsweg/contracts';
import { toBusRecord, type EventBus } from '@amtsweg/eventing';
import { newId } from '@amtsweg/platform';

/** What every answer of signatures to a handover of the tenant `demo` carries: its own request, the protocol's title. */
export function handoverProtocol(handoverId: string, requesterId: string): Record<string, unknown> {
  return { requestId: newId(), tenant: 'demo', title: 'Übergabeprotokoll', requesterId, handoverId };
}

/** Publishes on the bus what signatures would: `contract`'s event with `data`, for the tenant `demo`, its subject the request. */
export async function answerAsSignatures<T extends object>(
  bus: EventBus,
  contract: EventContract<T>,
  data: Record<string, unknown>,
): Promise<void> {
  await bus.publish([
    toBusRecord(contract.topic, {
      id: newId(),
      source: '/amtsweg/signatures',
      type: contract.type,
      specversion: '1.0',
      time: new Date().toISOString(),
      subject: String(data.requestId),
      datacontenttype: 'application/json',
      tenantid: 'demo',
      correlationid: newId(),
      data: Object.assign(new contract(), data),
    }),
  ]);
}
