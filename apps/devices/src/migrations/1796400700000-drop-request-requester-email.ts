import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A request's requester is known by user id; their address is the directory's (messaging asks its own).
 * The copy taken at submission only fed the events, which carry ids only now (issue 14, item 5):
 * dropped, and with it the addresses of past requests.
 */
export class DropRequestRequesterEmail1796400700000 implements MigrationInterface {
  name = 'DropRequestRequesterEmail1796400700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE devices.device_request DROP COLUMN requester_email`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE devices.device_request ADD COLUMN requester_email text NULL`);
  }
}
