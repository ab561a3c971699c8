import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDefined, IsEmail, IsString, IsUUID, Length, MaxLength, ValidateNested } from 'class-validator';
import { IsOffsetDateTime } from '../../time/offset-date-time';

const trimmed = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

export class CitizenRequest {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Erika Mustermann' })
  @trimmed()
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ format: 'email', maxLength: 254, example: 'erika@example.org' })
  @trimmed()
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email: string;
}

export class BookSlotRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID() officeId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() serviceId: string;

  @ApiProperty({ example: '2026-12-01T08:15:00+01:00', description: 'A slot start as the slot list gives it; ISO 8601 with offset or Z.' })
  @IsOffsetDateTime()
  start: string;

  @ApiProperty({ type: CitizenRequest })
  @IsDefined()
  @ValidateNested()
  @Type(() => CitizenRequest)
  citizen: CitizenRequest;
}
