import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

/** `?cancelAffected=true` on a DELETE: cancel the bookings ahead (each citizen is mailed) instead of a 409. */
export class CancelAffectedQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  cancelAffected?: 'true' | 'false';
}
