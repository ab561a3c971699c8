import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '@amtsweg/platform';
import { ProofApp, type RouteUnderProof } from './proof-app';

const ROOT = join(__dirname, '..', '..', '..');

/** What the access matrix needs to know before jest collects its tests: the routes and who the demo users are. */
export interface RouteTable {
  routes: Array<Pick<RouteUnderProof, 'method' | 'template' | 'authenticated' | 'scim' | 'roles' | 'handlerFound'>>;
  users: Array<{ email: string; tenant: string; roles: Role[] }>;
}

export function routeTableOf(proof: ProofApp): RouteTable {
  return {
    routes: proof.routes.map(({ method, template, authenticated, scim, roles, handlerFound }) => ({
      method,
      template,
      authenticated,
      scim,
      roles,
      handlerFound,
    })),
    users: proof.users.map(({ email, tenant, roles }) => ({ email, tenant, roles })),
  };
}

/**
 * The route table of the all-in-one start, read synchronously. Jest names every test before any
 * `beforeAll` runs, so a matrix with one test per case must know its routes while the spec file
 * loads: a child process starts the app once (a few seconds), writes the table and exits.
 */
export function collectRouteTable(): RouteTable {
  const folder = mkdtempSync(join(tmpdir(), 'amtsweg-route-table-'));
  const output = join(folder, 'route-table.json');
  try {
    execFileSync(process.execPath, ['--require', join(ROOT, 'tests', 'support', 'typescript-on-load.js'), __filename, output], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'], // a failure's message carries the child's stderr
      timeout: 120_000,
    });
    return JSON.parse(readFileSync(output, 'utf8')) as RouteTable;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function writeRouteTable(output: string): Promise<void> {
  const proof = await ProofApp.start();
  try {
    writeFileSync(output, JSON.stringify(routeTableOf(proof)));
  } finally {
    await proof.close();
  }
}

if (require.main === module) {
  writeRouteTable(process.argv[2]).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
