import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PERSON_ROLES } from '../person';

export class UpdatePersonRequest {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: PERSON_ROLES, isArray: true, description: 'Replaces the roles (422 `PERSON.INVALID_ROLES` for others)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  roles?: string[];

  @ApiPropertyOptional({ description: 'false deactivates at once: their tokens are refused (401 `AUTH.PERSON_DEACTIVATED`)' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
