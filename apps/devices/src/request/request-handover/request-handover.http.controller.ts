import { HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, ProblemResponse, TenantRoute, UuidPipe } from '@amtsweg/platform';
import { DEVICES_ROUTE } from '../../http/devices-route';
import { deviceRequestView, DeviceRequestView } from '../device-request.response.dto';
import { RequestHandoverHandler } from './request-handover.handler';

@TenantRoute('device-requests', DEVICES_ROUTE)
export class RequestHandoverHttpController {
  constructor(private readonly handler: RequestHandoverHandler) {}

  @Post(':id/handover')
  @HttpCode(200)
  @Authenticated('it-admin')
  @ApiOperation({
    summary: 'Ask for the kit’s handover again (after a refused or expired protocol)',
    description:
      'A new handover protocol for the whole kit goes to signatures; the request is `handover_requested` with a new `handoverId`.',
  })
  @ApiOkResponse({ type: DeviceRequestView })
  @ApiForbiddenResponse({ description: 'Not an it-admin', type: ProblemResponse })
  @ApiConflictResponse({
    description:
      '`DEVICE_REQUEST.HANDOVER_PENDING` (a protocol waits for a signature), `DEVICE_REQUEST.KIT_NOT_READY` (a device missing or not ready), ' +
      '`DEVICE_REQUEST.NOT_APPROVED`, `DEVICE_REQUEST.REQUESTER_UNKNOWN`',
    type: ProblemResponse,
  })
  async requestHandover(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<DeviceRequestView> {
    return deviceRequestView(await this.handler.execute(principal, id));
  }
}
