import { Body, Param, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, ProblemResponse, TenantRoute, UuidPipe } from '@amtsweg/platform';
import { DEVICES_ROUTE } from '../../http/devices-route';
import { deviceRequestView, DeviceRequestView } from '../device-request.response.dto';
import { PutKitDeviceHandler } from './put-kit-device.handler';
import { PutKitDeviceBody } from './put-kit-device.request.dto';

@TenantRoute('device-requests', DEVICES_ROUTE)
export class PutKitDeviceHttpController {
  constructor(private readonly handler: PutKitDeviceHandler) {}

  @Put(':id/devices/:deviceId')
  @Authenticated('it-admin')
  @ApiOperation({
    summary: 'Put an in-stock device into an approved kit: a swap (`replaces`) or a missing place',
    description:
      'The device becomes `reserved` for the request; the replaced one goes back to `in_stock`, both with the reason in their history. ' +
      'When the new device is ready (enrollment or by hand) and the kit is complete, the handover starts. A device already in the kit: 200, nothing changes.',
  })
  @ApiOkResponse({ type: DeviceRequestView, description: 'The request with its kit' })
  @ApiForbiddenResponse({ description: 'Not an it-admin', type: ProblemResponse })
  @ApiConflictResponse({
    description:
      '`DEVICE_REQUEST.NOT_APPROVED`, `DEVICE_REQUEST.HANDOVER_PENDING`, `DEVICE_REQUEST.DEVICE_NOT_IN_STOCK`, `DEVICE_REQUEST.CONCURRENT_CHANGE`',
    type: ProblemResponse,
  })
  @ApiUnprocessableEntityResponse({
    description: '`DEVICE_REQUEST.DEVICES_DO_NOT_MATCH` (no place for this type), `DEVICE_REQUEST.DEVICE_NOT_IN_KIT` (`replaces`)',
    type: ProblemResponse,
  })
  async put(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) requestId: string,
    @Param('deviceId', UuidPipe) deviceId: string,
    @Body() body: PutKitDeviceBody,
  ): Promise<DeviceRequestView> {
    return deviceRequestView(await this.handler.execute(principal, { requestId, deviceId, replaces: body.replaces, reason: body.reason }));
  }
}
