import { describeOnPostgres } from '@amtsweg/eventing/testing';
import { newId } from '@amtsweg/platform';
import { TestClock } from '@amtsweg/platform/testing';
import { MessagingConfig } from '../messaging.config';
import { messagingInstancesOnPostgres } from '../../test/messaging-databases';
import { MessageRetention, RETENTION_BATCH_SIZE } from './message-retention';

const NOW = new Date('2026-11-28T12:00:00Z');

describeOnPostgres('MessageRetention on PostgreSQL (two instances at once)', (serverUrl) => {
  const instances = messagingInstancesOnPostgres(serverUrl);

  it('shares the expired messages between the instances: each deleted once, none kept, nobody blocked or failed', async () => {
    const expired = RETENTION_BATCH_SIZE * 4 + 17;
    const conversationId = newId();
    await instances[0].query(
      `INSERT INTO messaging.conversation (id, tenant, kind, name, created_by, created_at, last_activity_at) VALUES ($1, 'demo', 'group', 'Team', 'someone', now(), now())`,
      [conversationId],
    );
    // Ids from the application, as everywhere; created_at 400 days before NOW (past the default 365), the last 10 rows 1 day.
    const ids = Array.from({ length: expired + 10 }, () => newId());
    await instances[0].query(
      `INSERT INTO messaging.message (id, tenant, conversation_id, author_id, body, created_at)
       SELECT id, 'demo', $2, 'someone', 'Hallo', $3::timestamptz - make_interval(days => CASE WHEN n <= $4 THEN 400 ELSE 1 END)
         FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)`,
      [ids, conversationId, NOW, expired],
    );

    const jobs = instances.map((ds) => new MessageRetention(ds, new MessagingConfig(), TestClock.stoppedAt(NOW)));
    const deleted = await Promise.all([...jobs, ...jobs].map((job) => job.purge()));

    expect(deleted.reduce((sum, n) => sum + n, 0)).toBe(expired);
    expect(await instances[1].query('SELECT count(*)::int AS n FROM messaging.message')).toEqual([{ n: 10 }]);
  });
});
