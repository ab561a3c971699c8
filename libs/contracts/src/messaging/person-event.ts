import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';

/** The roles a person of a municipality can hold (`provider-admin` never: the provider is no tenant's person). */
export const PERSON_ROLES = ['staff', 'clerk', 'it-admin', 'tenant-admin'] as const;

/**
 * A person of the directory, whole: every event about a person carries the latest record, so the
 * topic (compacted, keyed by person id) keeps exactly what a service started later must learn.
 * Names and addresses travel in clear on this topic alone (docs/personal-data-in-events.md, "Staff").
 */
export abstract class PersonEvent {
  @IsString() @Matches(/^[a-z0-9-]{2,63}$/) tenant: string;
  @IsUUID() personId: string;
  @IsEmail() @MaxLength(254) email: string;
  @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @IsArray() @ArrayMaxSize(PERSON_ROLES.length) @IsIn(PERSON_ROLES, { each: true }) roles: string[];
  @IsBoolean() active: boolean;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255) externalId?: string;
}
