import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../ops/service-child-process';

const PG_ROOT = '/usr/lib/postgresql';
const OS_USER = 'postgres';
const CTL_TIMEOUT_S = 60;

/**
 * A PostgreSQL cluster of one test's own (initdb into a temp dir), for fault tests that stop the
 * server: the shared server on 5432, which every other suite uses, is never touched. Trust auth,
 * 127.0.0.1 only, no fsync — nothing here has to survive the machine.
 *
 * PostgreSQL refuses to run as root, so as root (CI, containers) its tools run as the `postgres`
 * OS user, which owns the data directory.
 */
export class PrivatePostgres {
  private readonly dir: string;
  private readonly dataDir: string;
  private readonly bin: string;
  private running = false;

  private constructor(readonly port: number) {
    this.bin = postgresBinDir();
    this.dir = mkdtempSync(join(tmpdir(), 'amtsweg-pg-'));
    this.dataDir = join(this.dir, 'data');
    if (asRoot()) {
      const { uid, gid } = osUser(OS_USER);
      chownSync(this.dir, uid, gid);
    }
  }

  /**
   * initdb and start on a free port (a fixed one collided with a second run on the same machine);
   * throws, naming the server log, when either fails.
   */
  static async create(): Promise<PrivatePostgres> {
    const server = new PrivatePostgres(await freePort());
    try {
      server.tool('initdb', ['-D', server.dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
      server.start();
    } catch (error) {
      server.destroy();
      throw error;
    }
    return server;
  }

  /** A database URL on this server (`postgres` when no name is given). */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Starts the server and waits until it accepts connections. */
  start(): void {
    const options = [
      `-p ${this.port}`,
      `-k ${this.dir}`,
      "-c listen_addresses='127.0.0.1'",
      '-c shared_buffers=16MB',
      '-c max_connections=60',
      // The OS keeps what was written across a stopped server, so fsync buys nothing here. Commits
      // stay synchronous: -m immediate drops WAL still in shared memory, and a test that checks
      // "every 2xx was committed" must not lose commits the server already acknowledged.
      '-c fsync=off',
    ].join(' ');
    this.ctl(['start', '-w', '-o', options, '-l', this.logFile]);
    this.running = true;
  }

  /**
   * `immediate` ends every backend at once without a checkpoint, as a crash would (the next start
   * recovers from the WAL); `fast` is a clean shutdown.
   */
  stop(mode: 'immediate' | 'fast' = 'fast'): void {
    this.ctl(['stop', '-w', '-m', mode]);
    this.running = false;
  }

  /** Stops the server if it runs and removes its directory; safe to call twice. */
  destroy(): void {
    try {
      if (this.running || existsSync(join(this.dataDir, 'postmaster.pid'))) this.stop('immediate');
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  get logFile(): string {
    return join(this.dir, 'server.log');
  }

  logTail(lines = 30): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n') : '(no server log)';
  }

  private ctl(args: string[]): void {
    try {
      this.tool('pg_ctl', ['-D', this.dataDir, '-t', String(CTL_TIMEOUT_S), ...args]);
    } catch (error) {
      throw new Error(`${(error as Error).message}\nserver log:\n${this.logTail()}`);
    }
  }

  private tool(name: string, args: string[]): void {
    const path = join(this.bin, name);
    const [command, argv] = asRoot() ? ['runuser', ['-u', OS_USER, '--', path, ...args]] : [path, args];
    try {
      execFileSync(command, argv, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'], timeout: (CTL_TIMEOUT_S + 30) * 1000 });
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: Buffer; stdout?: Buffer };
      throw new Error(`${name} ${args.join(' ')} failed: ${stderr?.toString() ?? ''}${stdout?.toString() ?? ''}`);
    }
  }
}

/** The newest installed major version's bin directory (Debian layout: /usr/lib/postgresql/<major>/bin). */
export function postgresBinDir(root = PG_ROOT): string {
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (majors.length === 0) throw new Error(`no PostgreSQL server binaries under ${root}/<version>/bin`);
  return join(root, majors[0], 'bin');
}

function asRoot(): boolean {
  return userInfo().uid === 0;
}

function osUser(name: string): { uid: number; gid: number } {
  const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim()));
  return { uid, gid };
}
