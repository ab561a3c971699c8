import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { PersonDeactivatedV1, PersonUpsertedV1 } from '@amtsweg/contracts';
import type { EventContext } from '@amtsweg/eventing';
import { TenantAuditTrail } from '../audit/tenant-audit-trail';
import { RequestEvents } from '../request/request-events';
import { CertificateRevocations } from '../revocation/certificate-revocations';
import { SignatureRequestRepository } from '../request/signature-request.repository';
import { SIGNATURES_TRANSPORT } from '../signatures.transport';
import { SignaturesPeople } from '../directory/user-directory';

/**
 * Keeps `signatures.person` equal to messaging's directory. A deactivated person can no longer
 * sign: their certificates are revoked (`affiliationChanged`, in the tenant's audit chain), and every
 * pending request still waiting for them (in its current step or a later one) tells its requester
 * (`signature-request.signer-deactivated`, which messaging turns into a notification).
 */
@Controller()
export class PersonProjectionConsumer {
  private readonly logger = new Logger(PersonProjectionConsumer.name);

  constructor(
    private readonly people: SignaturesPeople,
    private readonly requests: SignatureRequestRepository,
    private readonly events: RequestEvents,
    private readonly revocations: CertificateRevocations,
    private readonly audit: TenantAuditTrail,
  ) {}

  @EventPattern<string>(PersonUpsertedV1.type, SIGNATURES_TRANSPORT)
  async onUpserted(@Payload() event: PersonUpsertedV1, @Ctx() context: EventContext): Promise<void> {
    await this.people.apply(context.manager, event, new Date(context.envelope.time));
  }

  @EventPattern<string>(PersonDeactivatedV1.type, SIGNATURES_TRANSPORT)
  async onDeactivated(@Payload() event: PersonDeactivatedV1, @Ctx() context: EventContext): Promise<void> {
    const before = await this.people.apply(context.manager, event, new Date(context.envelope.time));
    if (before && !before.active) return;
    const at = new Date(context.envelope.time);
    for (const revoked of await this.revocations.revokeAllOf(context.manager, event.tenant, event.personId, 'affiliationChanged', at)) {
      await this.audit.append(context.manager, event.tenant, 'certificate-revoked', 'system', at, {
        certificateSha256: revoked.sha256,
        holder: revoked.userId,
        reason: revoked.reason,
      });
    }
    for (const request of await this.requests.pendingFor(context.manager, event.tenant, event.personId)) {
      const signers = request.signers.filter((signer) => signer.userId === event.personId && signer.status === 'waiting');
      if (signers.length === 0) continue;
      await this.events.signerDeactivated(context.manager, request, signers);
      this.logger.log(`request ${request.id}: a waiting signer was deactivated; requester told (event ${context.envelope.id})`);
    }
  }
}
