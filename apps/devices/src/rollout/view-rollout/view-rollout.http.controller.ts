import { Get, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Authenticated, CurrentPrincipal, type Principal, ProblemResponse, TenantRoute } from '@amtsweg/platform';
import { DEVICES_ROUTE } from '../../http/devices-route';
import { ViewRolloutHandler } from './view-rollout.handler';

export class ViewRolloutQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 104, default: 12, description: 'How many past weeks' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(104)
  weeks = 12;
}

class RolloutWeekView {
  @ApiProperty({ example: '2026-W49' }) week: string;
  @ApiProperty() requestsSubmitted: number;
  @ApiProperty() devicesHandedOver: number;
  @ApiProperty() devicesReturned: number;
}

class RolloutView {
  @ApiProperty({
    type: Object,
    example: { in_stock: 620, reserved: 40, provisioning: 12, ready: 30, handed_over: 400, returned: 2, retired: 1, lost: 1, in_repair: 3 },
  })
  devicesByStatus: Record<string, number>;
  @ApiProperty({ type: Object, example: { submitted: 25, approved: 40, rejected: 3, handover_requested: 30, handed_over: 380 } })
  requestsByStatus: Record<string, number>;
  @ApiProperty({ type: [RolloutWeekView], description: 'Weeks with activity, oldest first' }) weeks: RolloutWeekView[];
}

@TenantRoute('rollout', DEVICES_ROUTE)
export class ViewRolloutHttpController {
  constructor(private readonly handler: ViewRolloutHandler) {}

  @Get()
  @Authenticated('it-admin')
  @ApiOperation({ summary: 'Where the rollout stands: devices per status, requests per state, activity per ISO week' })
  @ApiOkResponse({ type: RolloutView })
  @ApiForbiddenResponse({ description: 'Not an it-admin', type: ProblemResponse })
  async view(@CurrentPrincipal() principal: Principal, @Query() query: ViewRolloutQuery): Promise<RolloutView> {
    return this.handler.execute(principal.tenant, query.weeks);
  }
}
