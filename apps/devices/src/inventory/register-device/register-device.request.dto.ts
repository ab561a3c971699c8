import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DEVICE_TYPES, type DeviceType } from '../device';

export class RegisterDeviceBody {
  @ApiProperty({ enum: DEVICE_TYPES }) @IsIn(DEVICE_TYPES) type: DeviceType;
  @ApiProperty({ example: 'Lenovo ThinkPad T14 Gen 5', maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200) model: string;
  @ApiProperty({ example: 'PF4XK29A', description: 'Unique per tenant' }) @IsString() @Matches(/^[A-Za-z0-9._/-]{1,100}$/) serial: string;
  @ApiPropertyOptional({ example: 'INV-2026-0042' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) assetTag?: string;
  @ApiPropertyOptional({ example: '490154203237518', description: '15 digits, the last a Luhn check digit' })
  @IsOptional()
  @IsString()
  imei?: string;
  @ApiPropertyOptional({ example: 'BE-2026-0815' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) orderNumber?: string;
  @ApiPropertyOptional({ example: 'Systemhaus Nord GmbH' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) supplier?: string;
  @ApiPropertyOptional({ format: 'date', example: '2026-11-02' }) @IsOptional() @IsString() deliveredOn?: string;
  @ApiPropertyOptional({ format: 'date', example: '2029-11-01' }) @IsOptional() @IsString() warrantyUntil?: string;
}
