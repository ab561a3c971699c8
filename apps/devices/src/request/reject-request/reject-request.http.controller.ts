import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, UuidPipe, type Principal } from '@amtsweg/platform';
import { DevicesRoute } from '../../http/devices-route';
import { DeviceProblemResponse } from '../../http/problem.response';
import { deviceRequestView, DeviceRequestView } from '../device-request.response.dto';
import { RejectRequestHandler } from './reject-request.handler';
import { RejectDeviceRequestBody } from './reject-request.request.dto';

@DevicesRoute('device-requests')
export class RejectRequestHttpController {
  constructor(private readonly handler: RejectRequestHandler) {}

  @Post(':id/reject')
  @HttpCode(200)
  @Authenticated('it-admin')
  @ApiOperation({ summary: 'Reject, with a reason for the requester' })
  @ApiOkResponse({ type: DeviceRequestView })
  @ApiForbiddenResponse({ description: 'Not an it-admin', type: DeviceProblemResponse })
  @ApiConflictResponse({ description: '`DEVICE_REQUEST.ALREADY_DECIDED`', type: DeviceProblemResponse })
  async reject(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Body() body: RejectDeviceRequestBody): Promise<DeviceRequestView> {
    return deviceRequestView(await this.handler.execute(principal, id, body.reason));
  }
}
