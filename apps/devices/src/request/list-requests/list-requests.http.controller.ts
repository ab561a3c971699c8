import { Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, TenantRoute } from '@amtsweg/platform';
import { DEVICES_ROUTE } from '../../http/devices-route';
import { DeviceRequestPage, deviceRequestView } from '../device-request.response.dto';
import { ListRequestsHandler } from './list-requests.handler';
import { ListRequestsQuery } from './list-requests.request.dto';

@TenantRoute('device-requests', DEVICES_ROUTE)
export class ListRequestsHttpController {
  constructor(private readonly handler: ListRequestsHandler) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Every request of the tenant (it-admins) or my own, newest first' })
  @ApiOkResponse({ type: DeviceRequestPage })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListRequestsQuery): Promise<DeviceRequestPage> {
    const page = await this.handler.execute(principal, query);
    return { items: page.items.map(deviceRequestView), nextCursor: page.nextCursor };
  }
}
