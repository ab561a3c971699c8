import { AdminAudit } from '@amtsweg/eventing';
import type { AdminActor } from '@amtsweg/platform';
import { newId } from '@amtsweg/platform';
import { serviceResponse } from '../list-services/list-services.http.controller';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { APPOINTMENTS_DATA_SOURCE } from '../../appointments.database';
import type { Tenant } from '../../tenancy/tenant';
import type { Service } from '../office';
import { OfficeRepository } from '../office.repository';
import { ServiceWriter, type ServiceDraft } from '../service-writer';

export interface CreateServiceCommand {
  tenant: Pick<Tenant, 'slug'>;
  service: ServiceDraft;
  /** Only the seed names the id (fixed demo ids); the API makes a new one. */
  id?: string;
  /** The tenant-admin, for the admin audit; none for the demo seed. */
  actor?: AdminActor;
}

@Injectable()
export class CreateServiceHandler {
  private readonly logger = new Logger(CreateServiceHandler.name);

  constructor(
    @Inject(APPOINTMENTS_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly offices: OfficeRepository,
    private readonly writer: ServiceWriter,
    private readonly audit: AdminAudit,
  ) {}

  async execute(command: CreateServiceCommand): Promise<Service> {
    const tenant = command.tenant.slug;
    const id = command.id ?? newId();
    const service = await this.dataSource.transaction(async (manager) => {
      await this.writer.assertOffices(manager, tenant, command.service);
      await this.writer.insert(manager, tenant, id, command.service);
      const service = await this.offices.requireService(manager, tenant, id);
      await this.writer.created(manager, service, 0);
      if (command.actor) {
        await this.audit.record(manager, {
          tenant: tenant,
          actor: command.actor,
          action: 'service.created',
          subject: { type: 'service', id: id },
          before: null,
          after: serviceResponse(service),
        });
      }
      return service;
    });
    this.logger.log(`service ${id} created`);
    return service;
  }
}
