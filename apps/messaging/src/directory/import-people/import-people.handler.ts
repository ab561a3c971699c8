import type { AdminActor } from '@amtsweg/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { dataSourceToken, DomainError, isConcurrencyConflict } from '@amtsweg/platform';
import { CreatePersonHandler } from '../create-person/create-person.handler';
import { emailKey, personRoles } from '../person';
import { PersonRepository } from '../person.repository';
import { UpdatePersonHandler } from '../update-person/update-person.handler';
import { parsePeopleCsv } from './people-csv';

/** At most this many rows in one file; a larger municipality has a directory to provision from (SCIM). */
export const MAX_IMPORT_ROWS = 5_000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface PeopleImportReport {
  created: number;
  updated: number;
  unchanged: number;
  /** The first 1,000 refused rows, with why. */
  refused: Array<{ line: number; reason: string }>;
  refusedCount: number;
}

/**
 * People from a CSV file, for municipalities without a directory of their own: a new address
 * creates the person (with the invitation mail), a known one takes the file's name and roles; a
 * deactivated person stays deactivated (reactivating is a decision, not an import). Each row in its
 * own transaction through the same use cases as by hand, so one bad row refuses only itself.
 */
@Injectable()
export class ImportPeopleHandler {
  constructor(
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    private readonly people: PersonRepository,
    private readonly create: CreatePersonHandler,
    private readonly update: UpdatePersonHandler,
  ) {}

  async execute(tenant: string, text: string, actor: AdminActor): Promise<PeopleImportReport> {
    const csv = parsePeopleCsv(text);
    if (!csv.ok) {
      if (csv.reason === 'empty') throw DomainError.badRequest('IMPORT.EMPTY', 'The file has no rows.');
      if (csv.reason === 'header')
        throw DomainError.badRequest('IMPORT.INVALID_HEADER', 'The first line must be the header name,email,roles.', [
          { field: 'line 1', message: 'expected name,email,roles' },
        ]);
      throw DomainError.badRequest('IMPORT.INVALID_CSV', `The file is not CSV: a quote is not closed (line ${csv.line ?? 1}).`);
    }
    if (csv.rows.length > MAX_IMPORT_ROWS)
      throw DomainError.unprocessable('IMPORT.TOO_MANY_ROWS', `At most ${MAX_IMPORT_ROWS} people in one file.`);
    const report: PeopleImportReport = { created: 0, updated: 0, unchanged: 0, refused: [], refusedCount: 0 };
    const refuse = (line: number, reason: string) => {
      report.refusedCount++;
      if (report.refused.length < 1000) report.refused.push({ line, reason });
    };
    const seen = new Set<string>();
    for (const row of csv.rows) {
      const roles = personRoles(row.roles);
      if (!row.name || row.name.length > 200) refuse(row.line, 'name: 1 to 200 characters');
      else if (!EMAIL.test(row.email) || row.email.length > 254) refuse(row.line, 'email: not an e-mail address');
      else if (!roles || roles.length === 0) refuse(row.line, 'roles: one or more of staff, clerk, it-admin, tenant-admin');
      else if (seen.has(emailKey(row.email))) refuse(row.line, 'email: already in an earlier row of this file');
      else {
        seen.add(emailKey(row.email));
        try {
          const outcome = await this.dataSource.transaction(async (manager) => {
            const existing = await this.people.findByEmail(manager, tenant, row.email, { forUpdate: true });
            if (!existing) {
              return (await this.create.create(manager, { tenant, email: row.email, name: row.name, roles }, { invite: true, actor }))
                ? 'created'
                : 'conflict';
            }
            return (await this.update.apply(manager, tenant, existing.id, { name: row.name, roles }, actor)).differs
              ? 'updated'
              : 'unchanged';
          });
          if (outcome === 'conflict') refuse(row.line, 'email: taken at the same time; import the file again');
          else report[outcome]++;
        } catch (error) {
          if (!isConcurrencyConflict(error)) throw error;
          refuse(row.line, 'changed at the same time; import the file again');
        }
      }
    }
    return report;
  }
}
