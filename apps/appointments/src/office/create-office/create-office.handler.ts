import { AdminAudit } from '@amtsweg/eventing';
import type { AdminActor } from '@amtsweg/platform';
import { Clock, newId } from '@amtsweg/platform';
import { officeResponse } from '../list-offices/list-offices.http.controller';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import type { Tenant } from '../../tenancy/tenant';
import type { Office } from '../office';
import { OfficeRepository } from '../office.repository';
import { OfficeWriter, type OfficeDraft } from '../office-writer';

export interface CreateOfficeCommand {
  tenant: Pick<Tenant, 'slug'>;
  office: OfficeDraft;
  /** Only the seed names the id (fixed demo ids); the API makes a new one. */
  id?: string;
  /** The tenant-admin, for the admin audit; none for the demo seed. */
  actor?: AdminActor;
}

@Injectable()
export class CreateOfficeHandler {
  private readonly logger = new Logger(CreateOfficeHandler.name);

  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly offices: OfficeRepository,
    private readonly writer: OfficeWriter,
    private readonly clock: Clock,
    private readonly audit: AdminAudit,
  ) {}

  async execute(command: CreateOfficeCommand): Promise<Office> {
    const tenant = command.tenant.slug;
    const id = command.id ?? newId();
    const office = await this.dataSource.transaction(async (manager) => {
      await this.writer.insert(manager, tenant, id, command.office, this.clock.now());
      const office = await this.offices.require(manager, tenant, id);
      await this.writer.created(manager, office, 0);
      if (command.actor) {
        await this.audit.record(manager, {
          tenant: tenant,
          actor: command.actor,
          action: 'office.created',
          subject: { type: 'office', id: id },
          before: null,
          after: officeResponse(office),
        });
      }
      return office;
    });
    this.logger.log(`office ${id} created`);
    return office;
  }
}
