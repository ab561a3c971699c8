import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { dataSourceToken, type AdminActor } from '@amtsweg/platform';
import { CreatePersonHandler } from '../directory/create-person/create-person.handler';
import { emailKey, PERSON_ROLES, personRoles, type Person, type PersonChange, type PersonRole } from '../directory/person';
import { PersonRepository } from '../directory/person.repository';
import { UpdatePersonHandler } from '../directory/update-person/update-person.handler';
import { asScimError, ScimErrors } from './scim-errors';
import { applyUserOperation, draftName, type EqualityFilter, type PatchOperation, type UserDraft, type UserInput } from './scim-request';
import { splitName } from './scim-schema';

/**
 * SCIM's Users and Groups over the directory's own use cases (CreatePerson, UpdatePerson): every
 * change is the same row change and the same `person.upserted` / `person.deactivated` as by hand.
 * A group is a role: its members are the people who hold it.
 */
@Injectable()
export class ScimDirectory {
  constructor(
    @Inject(dataSourceToken('messaging')) private readonly dataSource: DataSource,
    private readonly people: PersonRepository,
    private readonly createPerson: CreatePersonHandler,
    private readonly updatePerson: UpdatePersonHandler,
  ) {}

  /** Everyone of the tenant, the deactivated too (SCIM clients match them to reactivate), oldest first. */
  async users(tenant: string, filter?: EqualityFilter): Promise<Person[]> {
    const all = await this.people.list(this.dataSource.manager, tenant, { includeInactive: true });
    const matching = all.filter((person) => {
      if (!filter) return true;
      if (filter.attribute === 'username') return emailKey(person.email) === emailKey(filter.value);
      if (filter.attribute === 'externalid') return person.externalId === filter.value;
      return person.name === filter.value;
    });
    return matching.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  }

  async user(tenant: string, id: string): Promise<Person> {
    const person = await this.people.find(this.dataSource.manager, tenant, id);
    if (!person) throw ScimErrors.notFound('user');
    return person;
  }

  /** POST /Users: a new person (with the invitation mail), deactivated at once when the resource says `active: false`. */
  async create(tenant: string, input: UserInput, actor: AdminActor): Promise<Person> {
    return scimErrors(async () => {
      const person = await this.createPerson.execute(
        {
          tenant,
          email: input.email,
          name: input.name,
          roles: personRoles(input.roles) ?? [],
          ...(input.externalId ? { externalId: input.externalId } : {}),
        },
        actor,
      );
      return input.active ? person : this.change(tenant, person.id, { active: false }, actor);
    });
  }

  /** PUT /Users/{id}: the resource replaces what SCIM manages of the person. */
  replace(tenant: string, id: string, input: UserInput, actor: AdminActor): Promise<Person> {
    return this.change(
      tenant,
      id,
      {
        email: input.email,
        name: input.name,
        roles: personRoles(input.roles),
        active: input.active,
        externalId: input.externalId,
      },
      actor,
    );
  }

  /** PATCH /Users/{id}: the operations in order on the person as it is, written as one change. */
  patch(tenant: string, id: string, operations: PatchOperation[], actor: AdminActor): Promise<Person> {
    return scimErrors(() =>
      this.dataSource.transaction(async (manager) => {
        const person = await this.people.find(manager, tenant, id, { forUpdate: true });
        if (!person) throw ScimErrors.notFound('user');
        const draft: UserDraft = {
          email: person.email,
          ...splitName(person.name),
          displayName: person.name,
          roles: [...person.roles],
          active: person.active,
          externalId: person.externalId,
          namePartsChanged: false,
          displayNameChanged: false,
        };
        for (const operation of operations) applyUserOperation(draft, operation);
        const change: PersonChange = {
          email: draft.email,
          name: draftName(draft, person.name).slice(0, 200),
          roles: personRoles(draft.roles),
          active: draft.active,
          externalId: draft.externalId,
        };
        return (await this.updatePerson.apply(manager, tenant, id, change, actor)).person;
      }),
    );
  }

  /** DELETE /Users/{id}: the person stays (what they wrote keeps its author), deactivated. */
  async deactivate(tenant: string, id: string, actor: AdminActor): Promise<void> {
    await this.change(tenant, id, { active: false }, actor);
  }

  /** The people holding `role`, the deactivated too. */
  async members(tenant: string, role: PersonRole): Promise<Person[]> {
    return this.people.list(this.dataSource.manager, tenant, { includeInactive: true, role });
  }

  /** PATCH /Groups/{role}: membership changes as role changes of each person concerned, in one transaction. */
  patchGroup(tenant: string, role: PersonRole, operations: PatchOperation[], actor: AdminActor): Promise<void> {
    return scimErrors(() =>
      this.dataSource.transaction(async (manager) => {
        const holders = new Set((await this.people.list(manager, tenant, { includeInactive: true, role })).map((person) => person.id));
        const before = new Set(holders);
        for (const operation of operations) await this.applyGroupOperation(manager, tenant, role, holders, operation);
        for (const id of new Set([...before, ...holders])) {
          if (before.has(id) === holders.has(id)) continue;
          const person = await this.people.find(manager, tenant, id);
          if (!person) continue;
          const roles = holders.has(id) ? [...person.roles, role] : person.roles.filter((held) => held !== role);
          await this.updatePerson.apply(manager, tenant, id, { roles: PERSON_ROLES.filter((known) => roles.includes(known)) }, actor);
        }
      }),
    );
  }

  private async applyGroupOperation(
    manager: EntityManager,
    tenant: string,
    role: PersonRole,
    holders: Set<string>,
    operation: PatchOperation,
  ): Promise<void> {
    const path = operation.path?.toLowerCase();
    const memberFilter = operation.path ? /^members\[\s*value\s+eq\s+"([^"]*)"\s*\]$/i.exec(operation.path) : null;
    const valueObject = typeof operation.value === 'object' && operation.value !== null && !Array.isArray(operation.value);
    if (path === undefined && valueObject) {
      // Without a path the value names attributes: `{ members: [...] }`, `{ displayName }`.
      for (const [key, value] of Object.entries(operation.value as Record<string, unknown>))
        await this.applyGroupOperation(manager, tenant, role, holders, { op: operation.op, path: key, value });
      return;
    }
    if (path === 'displayname') {
      if (operation.value !== role) throw ScimErrors.mutability('A role group keeps its name.');
      return;
    }
    if (memberFilter) {
      if (operation.op !== 'remove') throw ScimErrors.invalidPath('Only remove takes a filtered members path.');
      holders.delete(memberFilter[1]);
      return;
    }
    if (path !== 'members') throw ScimErrors.invalidPath('A role group has only members to change.');
    if (operation.op === 'remove' && operation.value === undefined) {
      holders.clear();
      return;
    }
    const ids = await this.memberIds(manager, tenant, operation.value);
    if (operation.op === 'replace') holders.clear();
    for (const id of ids) {
      if (operation.op === 'remove') holders.delete(id);
      else holders.add(id);
    }
  }

  /** `[{ value: "<user id>" }]`: each must be a user of the tenant (400 invalidValue otherwise). */
  private async memberIds(manager: EntityManager, tenant: string, value: unknown): Promise<string[]> {
    const entries = Array.isArray(value) ? value : [value];
    const ids: string[] = [];
    for (const entry of entries) {
      const id = typeof entry === 'object' && entry !== null ? (entry as { value?: unknown }).value : undefined;
      if (typeof id !== 'string' || !(await this.people.find(manager, tenant, id)))
        throw ScimErrors.invalidValue('members: each member must be a user of this municipality, as { "value": "<user id>" }.');
      ids.push(id);
    }
    return ids;
  }

  private change(tenant: string, id: string, change: PersonChange, actor: AdminActor): Promise<Person> {
    return scimErrors(
      async () => (await this.dataSource.transaction((manager) => this.updatePerson.apply(manager, tenant, id, change, actor))).person,
    );
  }
}

async function scimErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asScimError(error);
  }
}
