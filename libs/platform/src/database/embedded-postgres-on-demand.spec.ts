import type { EmbeddedPostgres } from './embedded-postgres';
import { EmbeddedPostgresOnDemand } from './embedded-postgres-on-demand';

describe('EmbeddedPostgresOnDemand', () => {
  const fakeEmbedded = () => ({ closeIfShared: jest.fn(async () => undefined) }) as unknown as EmbeddedPostgres & { closeIfShared: jest.Mock };

  it('opens nothing until a service asks, and nothing at shutdown if none did', async () => {
    const open = jest.fn(async () => fakeEmbedded());
    const onDemand = new EmbeddedPostgresOnDemand(open);
    await onDemand.closeIfShared();
    expect(open).not.toHaveBeenCalled();
    expect(onDemand.isOpened).toBe(false);
  });

  it('opens once for every service that asks, and closes that one instance', async () => {
    const embedded = fakeEmbedded();
    const open = jest.fn(async () => embedded);
    const onDemand = new EmbeddedPostgresOnDemand(open);
    const [first, second] = await Promise.all([onDemand.get(), onDemand.get()]);
    expect(first).toBe(embedded);
    expect(second).toBe(embedded);
    expect(open).toHaveBeenCalledTimes(1);
    expect(onDemand.isOpened).toBe(true);
    await onDemand.closeIfShared();
    expect(embedded.closeIfShared).toHaveBeenCalledTimes(1);
  });
});
