import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class FieldProblemResponse {
  @ApiProperty({ example: 'citizen.email' }) field: string;
  @ApiProperty({ example: 'email must be an email' }) message: string;
}

/** RFC 9457 problem details, as every error is answered (`application/problem+json`): the OpenAPI shape of what ProblemFilter writes. */
export class ProblemResponse {
  @ApiProperty({ example: 'https://amtsweg.de/problems/booking-slot-taken' }) type: string;
  @ApiProperty({ example: 'Conflict' }) title: string;
  @ApiProperty({ example: 409 }) status: number;
  @ApiProperty({ example: 'This time has just been taken; please choose another one.' }) detail: string;
  @ApiProperty({ example: 'BOOKING.SLOT_TAKEN', description: 'Stable and machine-readable: what a client branches on' }) code: string;
  @ApiPropertyOptional({
    example: '0190a000-0000-7000-8000-000000000001',
    description: "The request's x-correlation-id, to find it in the logs",
  })
  correlationId?: string;
  @ApiPropertyOptional({ type: [FieldProblemResponse] }) errors?: FieldProblemResponse[];
}
