import { Delete, Param, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, ProblemResponse, TenantRoute, UuidPipe } from '@amtsweg/platform';
import { DEVICES_ROUTE } from '../../http/devices-route';
import { deviceRequestView, DeviceRequestView } from '../device-request.response.dto';
import { DropKitDeviceHandler } from './drop-kit-device.handler';
import { DropKitDeviceQuery } from './drop-kit-device.request.dto';

@TenantRoute('device-requests', DEVICES_ROUTE)
export class DropKitDeviceHttpController {
  constructor(private readonly handler: DropKitDeviceHandler) {}

  @Delete(':id/devices/:deviceId')
  @Authenticated('it-admin')
  @ApiOperation({
    summary: 'Take a device out of an approved kit: back to `in_stock`, the reason in its history',
    description:
      'The kit then misses a place: no handover starts until `PUT …/devices/{deviceId}` fills it. 404 `DEVICE_REQUEST.DEVICE_NOT_IN_KIT` when it is not in the kit.',
  })
  @ApiOkResponse({ type: DeviceRequestView, description: 'The request with its kit' })
  @ApiForbiddenResponse({ description: 'Not an it-admin', type: ProblemResponse })
  @ApiConflictResponse({
    description: '`DEVICE_REQUEST.NOT_APPROVED`, `DEVICE_REQUEST.HANDOVER_PENDING`, `DEVICE_REQUEST.CONCURRENT_CHANGE`',
    type: ProblemResponse,
  })
  async drop(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) requestId: string,
    @Param('deviceId', UuidPipe) deviceId: string,
    @Query() query: DropKitDeviceQuery,
  ): Promise<DeviceRequestView> {
    return deviceRequestView(await this.handler.execute(principal, requestId, deviceId, query.reason));
  }
}
