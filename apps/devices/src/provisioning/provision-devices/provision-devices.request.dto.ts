import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { BatchProgressView } from '../provisioning-batch.response.dto';

export class ProvisionDevicesBody {
  @ApiProperty({ format: 'uuid' }) @IsUUID() profileId: string;
  @ApiProperty({ type: [String], description: 'Reserved devices, up to 200 in one call' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  deviceIds: string[];
  @ApiPropertyOptional({ minimum: 1, maximum: 720, default: 168, description: 'How long the enrollment links stay valid' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(720)
  expiresInHours?: number;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Choose the batch id to follow `GET /provisioning-batches/{batchId}` while this call runs; else the server picks one',
  })
  @IsOptional()
  @IsUUID()
  batchId?: string;
}

export class ProvisionedDeviceView {
  @ApiProperty({ format: 'uuid' }) deviceId: string;
  @ApiProperty({ example: 'http://localhost:3000/api/v1/enroll/3q2-…', description: 'One-time; shown only in this answer' })
  enrollmentUrl: string;
  @ApiProperty({
    example: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 41 41" …</svg>',
    description: 'The enrollment URL as a QR code: an SVG document (`image/svg+xml`), shown only in this answer',
  })
  enrollmentQrSvg: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class ProvisionDevicesView extends BatchProgressView {
  @ApiProperty({ type: [ProvisionedDeviceView], description: 'The devices provisioned by this call' }) items: ProvisionedDeviceView[];
}
