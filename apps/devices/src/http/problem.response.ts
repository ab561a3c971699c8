import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class FieldProblemResponse {
  @ApiProperty({ example: 'imei' }) field: string;
  @ApiProperty({ example: 'IMEI muss 15 Ziffern haben' }) message: string;
}

/** RFC 9457 problem details, as every error is answered (`application/problem+json`). */
export class DeviceProblemResponse {
  @ApiProperty({ example: 'https://amtsweg.de/problems/device-transition-not-allowed' }) type: string;
  @ApiProperty({ example: 'Conflict' }) title: string;
  @ApiProperty({ example: 409 }) status: number;
  @ApiProperty({ example: 'Ein Gerät im Lager kann nicht direkt übergeben werden.' }) detail: string;
  @ApiProperty({ example: 'DEVICE.TRANSITION_NOT_ALLOWED' }) code: string;
  @ApiPropertyOptional() correlationId?: string;
  @ApiPropertyOptional({ type: [FieldProblemResponse] }) errors?: FieldProblemResponse[];
}
