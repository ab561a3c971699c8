import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { DEVICE_STATUSES, type DeviceStatus } from '../device';

export class TransitionDeviceBody {
  @ApiProperty({ enum: DEVICE_STATUSES, description: 'The next status; only the lifecycle’s next steps are allowed (else 409)' })
  @IsIn(DEVICE_STATUSES)
  to: DeviceStatus;

  @ApiPropertyOptional({ example: 'Display defekt', maxLength: 500 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason?: string;

  @ApiPropertyOptional({ description: 'Required `true` for `to: returned`: the device’s data was wiped' })
  @IsOptional()
  @IsBoolean()
  wiped?: boolean;
}
