import { AdminAudit } from '@amtsweg/eventing';
import { X509Certificate } from 'node:crypto';
import { Get, HttpCode, Param, Post, Res, StreamableFile } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
} from '@nestjs/swagger';
import { Authenticated, Clock, CurrentPrincipal, DomainError, type Principal, ProblemResponse, TenantRoute } from '@amtsweg/platform';
import type { Response } from 'express';
import forge from 'node-forge';
import { TenantAuditTrail } from '../../audit/tenant-audit-trail';
import { apiTime } from '../../http/api-time';
import { SIGNATURES_ROUTE } from '../../http/signatures-route';
import { SigningKeys, type PublishedCa } from '../signing-keys';

class CaView {
  @ApiProperty({ description: 'SHA-256 of the certificate (DER), hex: compare it with what the municipality publishes' }) sha256: string;
  @ApiProperty({ example: 'CN=amtsweg Signatur-CA demo, O=demo, OU=amtsweg Signaturen' }) subject: string;
  @ApiProperty({ format: 'date-time' }) notBefore: string;
  @ApiProperty({ format: 'date-time' }) notAfter: string;
  @ApiProperty({ description: 'Signs certificates now; the others are retired and still vouch for what they signed' }) current: boolean;
}

/**
 * The tenant's signing CAs, published without a sign-in: a recipient of a signed document obtains
 * the trust anchor here (and compares its fingerprint with the one the municipality prints or puts
 * on its website). Only the certificates leave the service, never a key.
 */
@TenantRoute('signatures', { ...SIGNATURES_ROUTE, signedIn: 'per route' })
export class PublishedCaHttpController {
  constructor(
    private readonly keys: SigningKeys,
    private readonly audit: TenantAuditTrail,
    private readonly clock: Clock,
    private readonly adminAudit: AdminAudit,
  ) {}

  @Get('ca.pem')
  @ApiOperation({ summary: 'The current signing CA certificate (PEM), with its fingerprint in `X-Certificate-SHA256`; no sign-in' })
  @ApiProduces('application/x-pem-file')
  @ApiOkResponse({ description: 'application/x-pem-file', schema: { type: 'string' } })
  async pem(@Param('tenant') tenant: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    const ca = await this.current(tenant);
    response.type('application/x-pem-file').setHeader('X-Certificate-SHA256', ca.sha256);
    response.setHeader('Content-Disposition', `attachment; filename="amtsweg-signatur-ca-${tenant}.pem"`);
    return forge.pki.certificateToPem(ca.certificate);
  }

  @Get('ca.crt')
  @ApiOperation({ summary: 'The current signing CA certificate (DER), with its fingerprint in `X-Certificate-SHA256`; no sign-in' })
  @ApiProduces('application/pkix-cert')
  @ApiOkResponse({ description: 'application/pkix-cert', schema: { type: 'string', format: 'binary' } })
  async der(@Param('tenant') tenant: string, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const ca = await this.current(tenant);
    response.type('application/pkix-cert').setHeader('X-Certificate-SHA256', ca.sha256);
    response.setHeader('Content-Disposition', `attachment; filename="amtsweg-signatur-ca-${tenant}.crt"`);
    return new StreamableFile(ca.certificateDer);
  }

  @Get('cas')
  @ApiOperation({ summary: 'Every signing CA the municipality ever had, the current one first; no sign-in' })
  @ApiOkResponse({ type: [CaView] })
  async list(@Param('tenant') tenant: string): Promise<CaView[]> {
    return (await this.keys.caCertificates(tenant)).map(caView);
  }

  @Post('cas')
  @HttpCode(201)
  @Authenticated('tenant-admin')
  @ApiOperation({
    summary: 'Roll in a new signing CA (a new key)',
    description:
      'New signer certificates come from it; each signer gets a new key at their next signature. The previous CA is retired and stays published, so what it vouched for keeps verifying. Recorded in the tenant’s audit chain.',
  })
  @ApiCreatedResponse({ type: CaView })
  @ApiForbiddenResponse({ description: '`AUTH.ROLE_REQUIRED`', type: ProblemResponse })
  @ApiConflictResponse({
    description: '`SIGNATURE.CA_CHANGED_MEANWHILE`: another CA was rolled in at the same moment',
    type: ProblemResponse,
  })
  async rollIn(@CurrentPrincipal() principal: Principal): Promise<CaView> {
    const previous = (await this.keys.caCertificates(principal.tenant)).find((ca) => ca.current);
    const ca = await this.keys.rotateCa(principal.tenant, async (manager, rolledIn) => {
      await this.audit.append(manager, principal.tenant, 'ca-rolled-in', principal.userId, this.clock.now(), {
        certificateSha256: rolledIn.sha256,
      });
      await this.adminAudit.record(manager, {
        tenant: principal.tenant,
        actor: { userId: principal.userId, role: 'tenant-admin' },
        action: 'signing-ca.rolled-in',
        subject: { type: 'signing-ca', id: rolledIn.sha256 },
        // The CA current when the request came (the rotation itself refuses one rolled in meanwhile).
        before: previous ? { currentCaSha256: previous.sha256 } : null,
        after: { currentCaSha256: rolledIn.sha256 },
      });
    });
    return caView(ca);
  }

  private async current(tenant: string): Promise<PublishedCa> {
    const current = (await this.keys.caCertificates(tenant)).find((ca) => ca.current);
    if (!current) {
      throw DomainError.notFound(
        'SIGNATURE.NO_CA_YET',
        'This municipality has no signing CA yet: it gets one with its first signature, or when a tenant-admin rolls one in.',
      );
    }
    return current;
  }
}

function caView(ca: PublishedCa): CaView {
  return {
    sha256: ca.sha256,
    // Node's reading of the DER: forge keeps UTF8String values as raw bytes.
    subject: new X509Certificate(ca.certificateDer).subject.split('\n').join(', '),
    notBefore: apiTime(ca.certificate.validity.notBefore),
    notAfter: apiTime(ca.certificate.validity.notAfter),
    current: ca.current,
  };
}
