import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '@amtsweg/platform';
import { REQUEST_STATUSES, type RequestStatus } from '../signature-request';

export class ListRequestsQuery extends PageQuery() {
  @ApiPropertyOptional({
    enum: ['signer', 'requester'],
    default: 'signer',
    description: 'signer: what waits (or waited) for my signature; requester: what I asked for',
  })
  @IsOptional()
  @IsIn(['signer', 'requester'])
  as: 'signer' | 'requester' = 'signer';

  @ApiPropertyOptional({ enum: REQUEST_STATUSES })
  @IsOptional()
  @IsIn(REQUEST_STATUSES)
  status?: RequestStatus;
}
