import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

export class ProvisionDevicesBody {
  @ApiProperty({ format: 'uuid' }) @IsUUID() profileId: string;
  @ApiProperty({ type: [String], description: 'Reserved devices, up to 200 in one call' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @ArrayUnique() @IsUUID('all', { each: true }) deviceIds: string[];
  @ApiPropertyOptional({ minimum: 1, maximum: 720, default: 168, description: 'How long the enrollment links stay valid' })
  @IsOptional() @IsInt() @Min(1) @Max(720) expiresInHours?: number;
}

export class ProvisionedDeviceView {
  @ApiProperty({ format: 'uuid' }) deviceId: string;
  @ApiProperty({ example: 'http://localhost:3000/api/v1/enroll/3q2-…', description: 'One-time; shown only in this answer' }) enrollmentUrl: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class ProvisionDevicesView {
  @ApiProperty({ type: [ProvisionedDeviceView] }) items: ProvisionedDeviceView[];
}
