import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.includes('spec') ? [path] : [];
  });
}

describe('docs/operations.md "Metrics and alerts"', () => {
  const page = readFileSync(join(ROOT, 'docs/operations.md'), 'utf8');
  const start = page.indexOf('\n## Metrics and alerts\n');
  const operate = page.slice(start, page.indexOf('\n## ', start + 1));

  it('names only metrics the services register, and alerts on each of them', () => {
    const code = ['apps', 'libs']
      .flatMap((dir) => sources(join(ROOT, dir)))
      .map((file) => readFileSync(file, 'utf8'))
      .filter((text) => text.includes("from 'prom-client'")); // where series are registered
    const registered = new Set(code.flatMap((text) => [...text.matchAll(/'((?:amtsweg|http_server)_[a-z_]+)'/g)].map((match) => match[1])));
    const documented = new Set(
      [...operate.matchAll(/`((?:amtsweg|http_server)_[a-z_]+)`/g)].map((match) => match[1].replace(/_(count|bucket|sum)$/, '')),
    );
    expect(registered.size).toBeGreaterThan(0);
    expect([...documented].sort()).toEqual([...registered].sort());
    const alerts = operate.slice(operate.indexOf('Alert on'));
    for (const metric of registered) {
      if (
        metric === 'amtsweg_outbox_backlog_events' ||
        metric === 'amtsweg_events_published_total' ||
        metric === 'amtsweg_events_consumed_total'
      )
        continue; // throughput and backlog size: dashboards, not pages
      expect({ metric, alerted: alerts.includes(metric) }).toEqual({ metric, alerted: true });
    }
  });
});
