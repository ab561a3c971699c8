import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '@amtsweg/platform';
import { DEVICE_STATUSES, DEVICE_TYPES, type DeviceStatus, type DeviceType } from '../device';

/** The inventory's filters: the list pages through them, the CSV export takes all they match. */
export class DeviceFilters {
  @ApiPropertyOptional({ enum: DEVICE_STATUSES }) @IsOptional() @IsIn(DEVICE_STATUSES) status?: DeviceStatus;
  @ApiPropertyOptional({ enum: DEVICE_TYPES }) @IsOptional() @IsIn(DEVICE_TYPES) type?: DeviceType;
  @ApiPropertyOptional({ description: 'Part of serial, model, asset tag or IMEI', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
  @ApiPropertyOptional({ description: 'true: only devices held by people the directory has deactivated — to take back' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  holderDeactivated?: boolean;
}

export class ListDevicesQuery extends IntersectionType(PageQuery(), DeviceFilters) {}
