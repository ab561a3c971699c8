import type { EntityManager } from 'typeorm';
import { HandoverRequestedV1 } from '@amtsweg/contracts';
import { EventContext, PoisonEvent } from '@amtsweg/eventing';
import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { UserDirectory } from '../directory/user-directory';
import { PdfWork } from '../pdf-work/pdf-work';
import { CreateSignatureRequestHandler } from '../request/create-request/create-request.handler';
import { SignatureRequestRepository } from '../request/signature-request.repository';
import { SIGNATURES_TRANSPORT } from '../signatures.transport';
import type { NamedHandover } from './handover-protocol';

const DEFAULT_DUE_MS = 14 * 86_400_000;

/**
 * Devices asks for a handover: a protocol PDF listing the devices is generated and one step with
 * the employee as its only signer is created, requested by the IT administrator who asked. A
 * return (`kind: 'return'`) goes the same way with the return protocol, signed by the IT
 * administrator who took the devices back. The request's completed / rejected / expired events
 * carry `handoverId` back to devices.
 *
 * The event names people by user id only: their names and addresses, for the protocol and the
 * signer, come from this service's directory. A signer the directory does not know cannot sign:
 * the event is dead-lettered at once (add the person, then replay it).
 */
@Controller()
export class HandoverRequestedConsumer {
  private readonly logger = new Logger(HandoverRequestedConsumer.name);

  constructor(
    private readonly create: CreateSignatureRequestHandler,
    private readonly requests: SignatureRequestRepository,
    private readonly directory: UserDirectory,
    private readonly pdfWork: PdfWork,
  ) {}

  @EventPattern<string>(HandoverRequestedV1.type, SIGNATURES_TRANSPORT)
  async onHandoverRequested(@Payload() event: HandoverRequestedV1, @Ctx() context: EventContext): Promise<void> {
    const { manager, envelope } = context;
    const tenant = envelope.tenantid;
    // The inbox stops a redelivered event; this stops a second event for the same handover.
    const existing = await this.requests.findByHandover(manager, tenant, event.handoverId);
    if (existing) {
      this.logger.warn(`handover ${event.handoverId} already has request ${existing.id}; event ${envelope.id} ignored`);
      return;
    }
    const requestedAt = new Date(envelope.time);
    const named = await this.named(manager, tenant, event);
    // Our own protocol, held to the strictest policy: it never needs active content.
    const document = await this.pdfWork.readDocumentToSign(await this.pdfWork.handoverProtocol(named, requestedAt), {
      allowEmbeddedFiles: false,
    });
    const requester = await this.directory.named(tenant, event.requestedBy, manager);
    const request = await this.create.create(manager, {
      tenant,
      title: `${event.kind === 'return' ? 'Rückgabeprotokoll' : 'Übergabeprotokoll'} ${event.kitLabel}`.slice(0, 200),
      requester: { userId: event.requestedBy, email: requester?.email },
      steps: [[named.employee]],
      dueAt: event.dueAt ? new Date(event.dueAt) : new Date(requestedAt.getTime() + DEFAULT_DUE_MS),
      document,
      stored: await this.create.storeDocuments(manager, tenant, document),
      handoverId: event.handoverId,
      via: 'devices.handover',
    });
    this.logger.log(`handover ${event.handoverId}: protocol request ${request.id} created (event ${envelope.id})`);
  }

  /**
   * The people of the handover as the directory knows them. A record from before the upgrade
   * (issue 14, item 5) still carries the name and address: used only for a person the directory lacks.
   */
  private async named(manager: EntityManager, tenant: string, event: HandoverRequestedV1): Promise<NamedHandover> {
    const { userId, email, name } = event.employee;
    const known = await this.directory.find(tenant, userId, manager);
    const employee = known ?? (email && name ? { userId, email, name } : undefined);
    if (!employee) throw new PoisonEvent(`handover ${event.handoverId}: signer ${userId} is not in the directory`);
    const returner = event.returnedBy;
    const returnedBy = returner && {
      userId: returner.userId,
      name: (await this.directory.named(tenant, returner.userId, manager))?.name ?? returner.name,
    };
    return { ...event, employee: { userId, email: employee.email, name: employee.name }, returnedBy };
  }
}
