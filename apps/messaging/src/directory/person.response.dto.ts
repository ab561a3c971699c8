import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PERSON_ROLES, type Person, type PersonRole } from './person';

/** A colleague as every staff member sees them: no address (`GET …/people`). */
export class PersonResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'Clara Bürgerbüro' }) name: string;
}

/** `view=all`: also the deactivated, so what they wrote keeps its author's name. */
export class PersonNameResponse extends PersonResponse {
  @ApiProperty() active: boolean;
}

/** A person as a tenant-admin manages them (`view=admin`, POST, PATCH). */
export class PersonAdminResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'clara.buergerbuero@demo.example' }) email: string;
  @ApiProperty({ example: 'Clara Bürgerbüro' }) name: string;
  @ApiProperty({ enum: PERSON_ROLES, isArray: true }) roles: PersonRole[];
  @ApiProperty() active: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) externalId: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export function adminView(person: Person): PersonAdminResponse {
  return {
    id: person.id,
    email: person.email,
    name: person.name,
    roles: [...person.roles],
    active: person.active,
    externalId: person.externalId,
    createdAt: person.createdAt.toISOString(),
    updatedAt: person.updatedAt.toISOString(),
  };
}
