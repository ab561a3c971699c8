import { HandoverRequestedV1 } from '@amtsweg/contracts';
import { EventContext } from '@amtsweg/eventing';
import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { UserDirectory } from '../directory/user-directory';
import { PdfWork } from '../pdf-work/pdf-work';
import { CreateSignatureRequestHandler } from '../request/create-request/create-request.handler';
import { SignatureRequestRepository } from '../request/signature-request.repository';
import { SIGNATURES_TRANSPORT } from '../signatures.transport';

const DEFAULT_DUE_MS = 14 * 86_400_000;

/**
 * Devices asks for a handover: a protocol PDF listing the devices is generated and one step with
 * the employee as its only signer is created, requested by the IT administrator who asked. A
 * return (`kind: 'return'`) goes the same way with the return protocol, signed by the IT
 * administrator who took the devices back. The request's completed / rejected / expired events
 * carry `handoverId` back to devices.
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
    // Our own protocol, held to the strictest policy: it never needs active content.
    const document = await this.pdfWork.readDocumentToSign(await this.pdfWork.handoverProtocol(event, requestedAt), { allowEmbeddedFiles: false });
    const requester = await this.directory.find(tenant, event.requestedBy);
    const request = await this.create.create(manager, {
      tenant,
      title: `${event.kind === 'return' ? 'Rückgabeprotokoll' : 'Übergabeprotokoll'} ${event.kitLabel}`.slice(0, 200),
      requester: { userId: event.requestedBy, email: requester?.email },
      steps: [[{ userId: event.employee.userId, email: event.employee.email, name: event.employee.name }]],
      dueAt: event.dueAt ? new Date(event.dueAt) : new Date(requestedAt.getTime() + DEFAULT_DUE_MS),
      document,
      handoverId: event.handoverId,
      via: 'devices.handover',
    });
    this.logger.log(`handover ${event.handoverId}: protocol request ${request.id} created (event ${envelope.id})`);
  }
}
