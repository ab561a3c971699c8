import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { REQUEST_STATUSES, type RequestStatus } from '../signature-request';

export class ListRequestsQuery {
  @ApiPropertyOptional({ enum: ['signer', 'requester'], default: 'signer', description: 'signer: what waits (or waited) for my signature; requester: what I asked for' })
  @IsOptional() @IsIn(['signer', 'requester']) as: 'signer' | 'requester' = 'signer';

  @ApiPropertyOptional({ enum: REQUEST_STATUSES })
  @IsOptional() @IsIn(REQUEST_STATUSES) status?: RequestStatus;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit = 50;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}
