import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsEmail, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PERSON_ROLES } from '../person';

export class CreatePersonRequest {
  @ApiProperty({ example: 'Clara Bürgerbüro', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'clara.buergerbuero@demo.example', description: 'Unique within the municipality, whatever its case' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ enum: PERSON_ROLES, isArray: true, description: 'Any of staff, clerk, it-admin, tenant-admin (422 for others)' })
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  roles: string[];

  @ApiPropertyOptional({ description: "The id the municipality's own directory gives the person" })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  externalId?: string;
}
