import { Body, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
} from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, ProblemResponse, TenantRoute, UserIdPipe } from '@amtsweg/platform';
import { apiTime } from '../http/api-time';
import { SIGNATURES_ROUTE } from '../http/signatures-route';
import { ResetSigningFactorHandler } from './reset-signing-factor.handler';
import { ConfirmSigningFactorRequest } from './signing-factor.request.dto';
import { SigningFactors } from './signing-factors';

class SigningFactorStatus {
  @ApiProperty() enrolled: boolean;
  @ApiPropertyOptional({ format: 'date-time' }) confirmedAt?: string;
}

class SigningFactorEnrollment {
  @ApiProperty({
    description: 'Scan as QR code or open in an authenticator app; shown only now',
    example: 'otpauth://totp/amtsweg:clerk%40demo.example?secret=…',
  })
  otpauthUri: string;
  @ApiProperty({ description: 'The same secret in base32, for typing it in' }) secret: string;
  @ApiProperty({ description: 'The otpauth URI as a QR code, an SVG document (for an <img>)' }) qrSvg: string;
}

/**
 * The signer's second factor (TOTP). Enrolling is two steps: POST hands out the secret, POST
 * …/confirm proves the app has it; then every signature needs a code. Where the tenant requires a
 * second factor (the default), nobody signs before that. A tenant-admin can reset a person's factor.
 */
@TenantRoute('signing-factor', SIGNATURES_ROUTE)
export class SigningFactorHttpController {
  constructor(
    private readonly factors: SigningFactors,
    private readonly reset: ResetSigningFactorHandler,
  ) {}

  @Get()
  @Authenticated('staff', 'clerk')
  @ApiOperation({ summary: 'Whether I sign with a second factor' })
  @ApiOkResponse({ type: SigningFactorStatus })
  async status(@CurrentPrincipal() principal: Principal): Promise<SigningFactorStatus> {
    const status = await this.factors.status(principal);
    return { enrolled: status.enrolled, ...(status.confirmedAt ? { confirmedAt: apiTime(status.confirmedAt) } : {}) };
  }

  @Post()
  @Authenticated('staff', 'clerk')
  @ApiOperation({
    summary: 'Set up a second factor for signing (TOTP)',
    description: 'Answers the secret once; again before confirming replaces it.',
  })
  @ApiCreatedResponse({ type: SigningFactorEnrollment })
  @ApiConflictResponse({ description: '`SIGNING_FACTOR.ALREADY_ENROLLED`', type: ProblemResponse })
  enroll(@CurrentPrincipal() principal: Principal): Promise<SigningFactorEnrollment> {
    return this.factors.enroll(principal);
  }

  @Post('confirm')
  @HttpCode(200)
  @Authenticated('staff', 'clerk')
  @ApiOperation({ summary: 'Confirm the set-up with a current code' })
  @ApiOkResponse({ type: SigningFactorStatus })
  @ApiForbiddenResponse({ description: '`SIGNATURE.SECOND_FACTOR_INVALID` (audited)', type: ProblemResponse })
  @ApiConflictResponse({ description: '`SIGNING_FACTOR.NOT_STARTED`, `SIGNING_FACTOR.ALREADY_ENROLLED`', type: ProblemResponse })
  async confirm(@CurrentPrincipal() principal: Principal, @Body() body: ConfirmSigningFactorRequest): Promise<SigningFactorStatus> {
    const { confirmedAt } = await this.factors.confirm(principal, body.otp);
    return { enrolled: true, confirmedAt: apiTime(confirmedAt) };
  }

  @Delete(':userId')
  @HttpCode(204)
  @Authenticated('tenant-admin')
  @ApiOperation({
    summary: 'Reset a person’s second factor (tenant-admin)',
    description: 'They set it up again before they next sign; audited, and the person is notified.',
  })
  @ApiParam({ name: 'userId', description: 'The person’s user id' })
  @ApiNoContentResponse({ description: 'Reset' })
  @ApiBadRequestResponse({ description: '`REQUEST.INVALID_ID`: not a user id an identity provider issues', type: ProblemResponse })
  @ApiForbiddenResponse({ description: '`AUTH.ROLE_REQUIRED`', type: ProblemResponse })
  async resetFactor(@CurrentPrincipal() principal: Principal, @Param('userId', UserIdPipe) userId: string): Promise<void> {
    await this.reset.execute(principal, userId);
  }
}
