import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '@amtsweg/platform';
import { REQUEST_STATUSES, type RequestStatus } from '../device-request';

export class ListRequestsQuery extends PageQuery() {
  @ApiPropertyOptional({ enum: REQUEST_STATUSES }) @IsOptional() @IsIn(REQUEST_STATUSES) status?: RequestStatus;
}
