import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiGoneResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DEVICE_TYPES, type DeviceType } from '../../inventory/device';
import { EnrollDeviceHandler } from './enroll-device.handler';
import { ProblemResponse } from '@amtsweg/platform';

class EnrollmentView {
  @ApiProperty({ format: 'uuid' }) deviceId: string;
  @ApiProperty({ enum: DEVICE_TYPES }) type: DeviceType;
  @ApiProperty() model: string;
  @ApiProperty() serial: string;
  @ApiProperty({ example: 'Standard Verwaltung' }) profileName: string;
  @ApiProperty({ type: Object, description: '`{ wifi: [...], vpn, mail, apps: [...] }`' }) configuration: object;
}

/** Public: the token is the credential. Outside the tenant prefix (API-CONVENTIONS.md). */
@Controller('api/v1/enroll')
@ApiTags('devices')
export class EnrollDeviceHttpController {
  constructor(private readonly handler: EnrollDeviceHandler) {}

  @Get(':token')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'A device fetches its configuration with its one-time token; then the link is gone' })
  @ApiOkResponse({ type: EnrollmentView })
  @ApiNotFoundResponse({ description: 'No such token', type: ProblemResponse })
  @ApiGoneResponse({ description: '`ENROLLMENT.GONE`: used or expired', type: ProblemResponse })
  async enroll(@Param('token') token: string): Promise<EnrollmentView> {
    const { device, profile } = await this.handler.execute(token);
    return {
      deviceId: device.id,
      type: device.type,
      model: device.model,
      serial: device.serial,
      profileName: profile.name,
      configuration: profile.configuration,
    };
  }
}
