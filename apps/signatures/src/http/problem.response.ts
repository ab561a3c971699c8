import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class FieldProblemResponse {
  @ApiProperty({ example: 'steps' }) field: string;
  @ApiProperty({ example: 'must be a JSON array of steps' }) message: string;
}

/** RFC 9457 problem details, as every error is answered (`application/problem+json`). */
export class ProblemResponse {
  @ApiProperty({ example: 'https://amtsweg.de/problems/signature-already-signed' }) type: string;
  @ApiProperty({ example: 'Conflict' }) title: string;
  @ApiProperty({ example: 409 }) status: number;
  @ApiProperty({ example: 'You have already signed this document.' }) detail: string;
  @ApiProperty({ example: 'SIGNATURE.ALREADY_SIGNED' }) code: string;
  @ApiPropertyOptional() correlationId?: string;
  @ApiPropertyOptional({ type: [FieldProblemResponse] }) errors?: FieldProblemResponse[];
}
