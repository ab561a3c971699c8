import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, ProblemResponse, TenantRoute, UuidPipe } from '@amtsweg/platform';
import { DEVICES_ROUTE } from '../../http/devices-route';
import { deviceRequestView, DeviceRequestView } from '../device-request.response.dto';
import { RejectRequestHandler } from './reject-request.handler';
import { RejectDeviceRequestBody } from './reject-request.request.dto';

@TenantRoute('device-requests', DEVICES_ROUTE)
export class RejectRequestHttpController {
  constructor(private readonly handler: RejectRequestHandler) {}

  @Post(':id/reject')
  @HttpCode(200)
  @Authenticated('it-admin')
  @ApiOperation({ summary: 'Reject, with a reason for the requester' })
  @ApiOkResponse({ type: DeviceRequestView })
  @ApiForbiddenResponse({
    description: 'Not an it-admin, or `DEVICE_REQUEST.OWN_REQUEST`: the requester deciding their own request (unless the tenant allows it)',
    type: ProblemResponse,
  })
  @ApiConflictResponse({ description: '`DEVICE_REQUEST.ALREADY_DECIDED`', type: ProblemResponse })
  async reject(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidPipe) id: string,
    @Body() body: RejectDeviceRequestBody,
  ): Promise<DeviceRequestView> {
    return deviceRequestView(await this.handler.execute(principal, id, body.reason));
  }
}
