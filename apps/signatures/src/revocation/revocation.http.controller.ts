import { Body, Get, HttpCode, Inject, Param, Post, Req, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import {
  Authenticated,
  Clock,
  CurrentPrincipal,
  dataSourceToken,
  DomainError,
  type Principal,
  ProblemResponse,
  TenantRoute,
} from '@amtsweg/platform';
import { IsIn } from 'class-validator';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { TenantAuditTrail } from '../audit/tenant-audit-trail';
import { apiTime } from '../http/api-time';
import { SIGNATURES_ROUTE } from '../http/signatures-route';
import { SigningKeys, type TenantCa } from '../keys/signing-keys';
import { CertificateRevocations } from './certificate-revocations';
import { buildCrl, CRL_VALIDITY_MS } from './crl';
import { answerOcspRequest, type OcspAuthority } from './ocsp-responder';
import { REVOCATION_REASONS, revocationSigner, type RevocationReason } from './pkix';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const REASONS = Object.keys(REVOCATION_REASONS) as RevocationReason[];

class RevokeCertificateRequest {
  @ApiProperty({ enum: REASONS, example: 'keyCompromise', description: 'RFC 5280 CRLReason' })
  @IsIn(REASONS)
  reason: RevocationReason;
}

class RevocationView {
  @ApiProperty({ description: 'SHA-256 of the certificate (DER), hex' }) sha256: string;
  @ApiProperty({ format: 'date-time' }) revokedAt: string;
  @ApiProperty({ enum: REASONS }) reason: RevocationReason;
}

/**
 * Whether a signer certificate still holds, for anyone (no sign-in): each CA's CRL and the
 * tenant's OCSP responder, the addresses every signer certificate names. A tenant-admin revokes a
 * certificate; a person's certificates are revoked when they are deactivated.
 */
@TenantRoute('signatures', { ...SIGNATURES_ROUTE, signedIn: 'per route' })
export class RevocationHttpController {
  constructor(
    private readonly keys: SigningKeys,
    private readonly revocations: CertificateRevocations,
    private readonly audit: TenantAuditTrail,
    private readonly clock: Clock,
    @Inject(dataSourceToken('signatures')) private readonly dataSource: DataSource,
  ) {}

  @Get('crl')
  @ApiOperation({ summary: "The current CA's certificate revocation list (DER, signed by the CA, valid a day); no sign-in" })
  @ApiProduces('application/pkix-crl')
  @ApiOkResponse({ description: 'application/pkix-crl', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: '`SIGNATURE.NO_CA_YET`', type: ProblemResponse })
  async currentCrl(@Param('tenant') tenant: string, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const current = (await this.keys.caCertificates(tenant)).find((ca) => ca.current);
    if (!current) throw DomainError.notFound('SIGNATURE.NO_CA_YET', 'This municipality has no signing CA yet.');
    return this.crlOf(await this.caOrNotFound(tenant, current.sha256), response);
  }

  @Get('cas/:sha256/crl')
  @ApiOperation({ summary: "One CA's certificate revocation list (the address its signer certificates name); no sign-in" })
  @ApiProduces('application/pkix-crl')
  @ApiOkResponse({ description: 'application/pkix-crl', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: '`SIGNATURE.CA_NOT_FOUND`', type: ProblemResponse })
  async crl(
    @Param('tenant') tenant: string,
    @Param('sha256') sha256: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    return this.crlOf(await this.caOrNotFound(tenant, sha256), response);
  }

  @Get('cas/:sha256/ca.crt')
  @ApiOperation({ summary: 'One CA certificate (DER), current or retired: the issuer address its signer certificates name; no sign-in' })
  @ApiProduces('application/pkix-cert')
  @ApiOkResponse({ description: 'application/pkix-cert', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: '`SIGNATURE.CA_NOT_FOUND`', type: ProblemResponse })
  async caCertificate(
    @Param('tenant') tenant: string,
    @Param('sha256') sha256: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const ca = (await this.keys.caCertificates(tenant)).find((candidate) => candidate.sha256 === sha256.toLowerCase());
    if (!ca) throw caNotFound();
    response.type('application/pkix-cert').setHeader('X-Certificate-SHA256', ca.sha256);
    return new StreamableFile(ca.certificateDer);
  }

  @Post('ocsp')
  @HttpCode(200)
  @ApiOperation({
    summary: 'OCSP responder (RFC 6960) for every CA of the municipality; no sign-in',
    description:
      'The body is a DER OCSPRequest. The answer is always an OCSPResponse: `successful` with good, revoked or unknown per certificate, `unauthorized` for a certificate of another issuer, `malformedRequest` for an unreadable request.',
  })
  @ApiConsumes('application/ocsp-request')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiProduces('application/ocsp-response')
  @ApiOkResponse({ description: 'application/ocsp-response', schema: { type: 'string', format: 'binary' } })
  @ApiUnsupportedMediaTypeResponse({ description: '`REQUEST.UNSUPPORTED_MEDIA_TYPE`: not application/ocsp-request', type: ProblemResponse })
  async ocsp(
    @Param('tenant') tenant: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    if (!request.is('application/ocsp-request'))
      throw new DomainError(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'Send the OCSP request as application/ocsp-request.');
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const answer = await answerOcspRequest(body, this.ocspAuthority(tenant), this.clock.now());
    response.type('application/ocsp-response').setHeader('Cache-Control', 'no-store');
    return new StreamableFile(answer);
  }

  @Get('ocsp/:request')
  @ApiOperation({
    summary: 'OCSP responder, GET form (RFC 6960 A.1): the DER OCSPRequest base64- and then URL-encoded in the path; no sign-in',
    description: 'Clients such as NSS (Firefox, poppler) ask small requests this way. Answers as the POST form.',
  })
  @ApiProduces('application/ocsp-response')
  @ApiOkResponse({ description: 'application/ocsp-response', schema: { type: 'string', format: 'binary' } })
  async ocspByGet(
    @Param('tenant') tenant: string,
    @Param('request') encoded: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    // Express has URL-decoded the path segment already; what is left is base64.
    const answer = await answerOcspRequest(Buffer.from(encoded, 'base64'), this.ocspAuthority(tenant), this.clock.now());
    response.type('application/ocsp-response').setHeader('Cache-Control', 'no-store');
    return new StreamableFile(answer);
  }

  @Post('certificates/:sha256/revoke')
  @HttpCode(200)
  @Authenticated('tenant-admin')
  @ApiOperation({
    summary: "Revoke a signer's certificate",
    description:
      'From now on the CRL and OCSP name it revoked, and its holder gets a new key and certificate at their next signature. Revoking a revoked certificate answers its first revocation. Recorded in the tenant’s audit chain.',
  })
  @ApiOkResponse({ type: RevocationView })
  @ApiNotFoundResponse({ description: '`SIGNATURE.CERTIFICATE_NOT_FOUND`', type: ProblemResponse })
  async revoke(
    @CurrentPrincipal() principal: Principal,
    @Param('sha256') sha256: string,
    @Body() body: RevokeCertificateRequest,
  ): Promise<RevocationView> {
    if (!SHA256_HEX.test(sha256.toLowerCase())) throw certificateNotFound();
    const revoked = await this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const revocation = await this.revocations.revoke(manager, principal.tenant, sha256.toLowerCase(), body.reason, now);
      if (!revocation) throw certificateNotFound();
      // A repeated revocation changes nothing, and records nothing.
      if (revocation.justRevoked)
        await this.audit.append(manager, principal.tenant, 'certificate-revoked', principal.userId, now, {
          certificateSha256: revocation.sha256,
          holder: revocation.userId,
          reason: revocation.reason,
        });
      return revocation;
    });
    return { sha256: revoked.sha256, revokedAt: apiTime(revoked.revokedAt), reason: revoked.reason };
  }

  private async caOrNotFound(tenant: string, sha256: string): Promise<TenantCa> {
    const ca = SHA256_HEX.test(sha256.toLowerCase()) ? await this.keys.caWithKey(tenant, sha256.toLowerCase()) : undefined;
    if (!ca) throw caNotFound();
    return ca;
  }

  private async crlOf(ca: TenantCa, response: Response): Promise<StreamableFile> {
    const crl = await buildCrl(
      await revocationSigner(ca.certificateDer, ca.privateKey),
      await this.revocations.revokedBy(ca.id),
      this.clock.now(),
    );
    response.type('application/pkix-crl').setHeader('Cache-Control', `public, max-age=${Math.min(300, CRL_VALIDITY_MS / 1000)}`);
    return new StreamableFile(crl);
  }

  private ocspAuthority(tenant: string): OcspAuthority {
    return {
      cas: async () => {
        const cas = await this.keys.caCertificates(tenant);
        return cas.map((ca) => ({ id: ca.sha256, certificateDer: ca.certificateDer }));
      },
      signer: async (sha256) => {
        const ca = await this.caOrNotFound(tenant, sha256);
        return revocationSigner(ca.certificateDer, ca.privateKey);
      },
      statusOf: async (sha256, serialHex) => this.revocations.statusOf((await this.caOrNotFound(tenant, sha256)).id, serialHex),
    };
  }
}

function caNotFound(): DomainError {
  return DomainError.notFound('SIGNATURE.CA_NOT_FOUND', 'This municipality has no signing CA with this fingerprint.');
}

function certificateNotFound(): DomainError {
  return DomainError.notFound('SIGNATURE.CERTIFICATE_NOT_FOUND', 'This municipality has no signer certificate with this fingerprint.');
}
