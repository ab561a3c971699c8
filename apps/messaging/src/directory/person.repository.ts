import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { emailKey, type Person, type PersonRole } from './person';

interface PersonRow {
  id: string;
  tenant: string;
  email: string;
  name: string;
  roles: PersonRole[];
  active: boolean;
  external_id: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, tenant, email, name, roles, active, external_id, created_at, updated_at';

function toPerson(row: PersonRow): Person {
  return {
    id: row.id,
    tenant: row.tenant,
    email: row.email,
    name: row.name,
    roles: row.roles,
    active: row.active,
    externalId: row.external_id,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** `messaging.person`: the tenant's directory. Every query names the tenant. */
@Injectable()
export class PersonRepository {
  /** False when the id or the address (within the tenant, any case) is taken. */
  async insert(manager: EntityManager, person: Person): Promise<boolean> {
    const inserted: Array<{ id: string }> = await manager.query(
      `INSERT INTO messaging.person (id, tenant, email, email_key, name, roles, active, external_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10)
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [
        person.id,
        person.tenant,
        person.email,
        emailKey(person.email),
        person.name,
        JSON.stringify(person.roles),
        person.active,
        person.externalId,
        person.createdAt,
        person.updatedAt,
      ],
    );
    return inserted.length === 1;
  }

  async update(manager: EntityManager, person: Person): Promise<void> {
    await manager.query(
      `UPDATE messaging.person SET name = $3, roles = $4::jsonb, active = $5, updated_at = $6, email = $7, email_key = $8, external_id = $9
        WHERE tenant = $1 AND id = $2`,
      [
        person.tenant,
        person.id,
        person.name,
        JSON.stringify(person.roles),
        person.active,
        person.updatedAt,
        person.email,
        emailKey(person.email),
        person.externalId,
      ],
    );
  }

  async find(manager: EntityManager, tenant: string, id: string, options: { forUpdate?: boolean } = {}): Promise<Person | undefined> {
    const rows: PersonRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM messaging.person WHERE tenant = $1 AND id::text = $2${options.forUpdate ? ' FOR UPDATE' : ''}`,
      [tenant, id],
    );
    return rows[0] && toPerson(rows[0]);
  }

  async findByEmail(
    manager: EntityManager,
    tenant: string,
    email: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<Person | undefined> {
    const rows: PersonRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM messaging.person WHERE tenant = $1 AND email_key = $2${options.forUpdate ? ' FOR UPDATE' : ''}`,
      [tenant, emailKey(email)],
    );
    return rows[0] && toPerson(rows[0]);
  }

  /** Every active person of any tenant with this address (a development token names no tenant). */
  async findActiveByEmail(manager: EntityManager, email: string): Promise<Person[]> {
    const rows: PersonRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM messaging.person WHERE email_key = $1 AND active ORDER BY tenant`,
      [emailKey(email)],
    );
    return rows.map(toPerson);
  }

  /** The tenant's people by name; deactivated ones only when asked. */
  async list(manager: EntityManager, tenant: string, options: { includeInactive?: boolean; role?: PersonRole } = {}): Promise<Person[]> {
    const rows: PersonRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM messaging.person
        WHERE tenant = $1 ${options.includeInactive ? '' : 'AND active'} ${options.role ? 'AND roles @> $2::jsonb' : ''}
        ORDER BY name, id`,
      options.role ? [tenant, JSON.stringify([options.role])] : [tenant],
    );
    return rows.map(toPerson).sort((a, b) => a.name.localeCompare(b.name, 'de') || a.id.localeCompare(b.id));
  }

  async isDeactivated(manager: EntityManager, tenant: string, id: string): Promise<boolean> {
    const rows: Array<{ active: boolean }> = await manager.query(
      'SELECT active FROM messaging.person WHERE tenant = $1 AND id::text = $2',
      [tenant, id],
    );
    return rows[0]?.active === false;
  }
}
