import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { IsOffsetDateTime, OffsetInQuery } from '../../time/offset-date-time';

export class FindFreeSlotsRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'Without it: the slots of every office that offers the service ("any office")' })
  @IsOptional()
  @IsUUID()
  officeId?: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() serviceId: string;

  @ApiPropertyOptional({
    example: '2026-12-01T00:00:00+01:00',
    description: 'ISO 8601 with offset or Z; default now. Encode `+` as `%2B`.',
  })
  @IsOptional()
  @OffsetInQuery()
  @IsOffsetDateTime()
  from?: string;

  @ApiPropertyOptional({
    example: '2026-12-15T00:00:00+01:00',
    description: 'Exclusive; default `from` + 14 days; at most 62 days after `from`.',
  })
  @IsOptional()
  @OffsetInQuery()
  @IsOffsetDateTime()
  to?: string;
}
