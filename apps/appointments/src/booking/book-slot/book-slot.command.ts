import type { Tenant } from '../../tenancy/tenant';
import type { Citizen } from '../booking';

/** A citizen asks for one slot: office, service and start (epoch ms). */
export class BookSlotCommand {
  constructor(
    readonly tenant: Tenant,
    readonly officeId: string,
    readonly serviceId: string,
    readonly start: number,
    readonly citizen: Citizen,
  ) {}
}
