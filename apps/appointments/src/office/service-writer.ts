import { Outbox } from '@amtsweg/eventing';
import { ServiceCreatedV1, ServiceDeletedV1, ServiceUpdatedV1 } from '@amtsweg/contracts';
import { DomainError } from '@amtsweg/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Fee, Service } from './office';

/** A service as a tenant admin describes it (the API's body, or the seed's data). */
export interface ServiceDraft {
  name: string;
  durationMinutes: number;
  officeIds: string[];
  description: string | null;
  documents: string[];
  fee: Fee | null;
}

/** Writes services and where they are offered, and appends their events. */
@Injectable()
export class ServiceWriter {
  constructor(private readonly outbox: Outbox) {}

  /**
   * 422 unless every office exists (and is not deleted) and the duration is a whole number of each
   * office's grid steps — otherwise its slots would not line up with the office's.
   */
  async assertOffices(manager: EntityManager, tenant: string, draft: ServiceDraft): Promise<void> {
    const rows = (await manager.query(
      'SELECT id, slot_grid_minutes FROM appointments.office WHERE tenant = $1 AND id = ANY($2::uuid[]) AND deleted_at IS NULL',
      [tenant, draft.officeIds],
    )) as Array<{ id: string; slot_grid_minutes: number }>;
    const unknown = draft.officeIds.filter((id) => !rows.some((row) => row.id === id));
    if (unknown.length > 0)
      throw DomainError.unprocessable('SERVICE.UNKNOWN_OFFICE', 'An office listed does not exist.', [
        { field: 'officeIds', message: `no such office: ${unknown.join(', ')}` },
      ]);
    const offGrid = rows.filter((row) => draft.durationMinutes % row.slot_grid_minutes !== 0);
    if (offGrid.length > 0)
      throw DomainError.unprocessable(
        'SERVICE.DURATION_OFF_GRID',
        "The duration is not a multiple of every listed office's slot grid.",
        offGrid.map((row) => ({ field: 'durationMinutes', message: `not a multiple of ${row.slot_grid_minutes} (office ${row.id})` })),
      );
  }

  async insert(manager: EntityManager, tenant: string, id: string, draft: ServiceDraft): Promise<void> {
    await manager.query(
      `INSERT INTO appointments.service (id, tenant, name, duration_minutes, description, documents, fee_amount_cents, fee_note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, tenant, ...this.columns(draft)],
    );
    await this.replaceOffices(manager, tenant, id, draft.officeIds);
  }

  async update(manager: EntityManager, tenant: string, id: string, draft: ServiceDraft): Promise<void> {
    await manager.query(
      `UPDATE appointments.service SET name = $3, duration_minutes = $4, description = $5, documents = $6, fee_amount_cents = $7, fee_note = $8
        WHERE tenant = $1 AND id = $2`,
      [tenant, id, ...this.columns(draft)],
    );
    await this.replaceOffices(manager, tenant, id, draft.officeIds);
  }

  async markDeleted(manager: EntityManager, tenant: string, id: string, now: Date): Promise<void> {
    await manager.query('UPDATE appointments.service SET deleted_at = $3 WHERE tenant = $1 AND id = $2', [tenant, id, now]);
  }

  async created(manager: EntityManager, service: Service, cancelledBookings: number): Promise<void> {
    await this.outbox.append(manager, ServiceCreatedV1, serviceFacts(service, cancelledBookings), {
      subject: service.id,
      tenantId: service.tenant,
    });
  }

  async updated(manager: EntityManager, service: Service, cancelledBookings: number): Promise<void> {
    await this.outbox.append(manager, ServiceUpdatedV1, serviceFacts(service, cancelledBookings), {
      subject: service.id,
      tenantId: service.tenant,
    });
  }

  async deleted(manager: EntityManager, tenant: string, serviceId: string, cancelledBookings: number): Promise<void> {
    await this.outbox.append(manager, ServiceDeletedV1, { serviceId, cancelledBookings }, { subject: serviceId, tenantId: tenant });
  }

  private columns(draft: ServiceDraft): unknown[] {
    return [draft.name, draft.durationMinutes, draft.description, draft.documents, draft.fee?.amountCents ?? null, draft.fee?.note ?? null];
  }

  private async replaceOffices(manager: EntityManager, tenant: string, serviceId: string, officeIds: string[]): Promise<void> {
    await manager.query('DELETE FROM appointments.service_office WHERE tenant = $1 AND service_id = $2', [tenant, serviceId]);
    for (const officeId of officeIds) {
      await manager.query('INSERT INTO appointments.service_office (tenant, service_id, office_id) VALUES ($1, $2, $3)', [
        tenant,
        serviceId,
        officeId,
      ]);
    }
  }
}

function serviceFacts(service: Service, cancelledBookings: number): ServiceCreatedV1 {
  return {
    serviceId: service.id,
    name: service.name,
    durationMinutes: service.durationMinutes,
    officeIds: service.officeIds,
    cancelledBookings,
  };
}
