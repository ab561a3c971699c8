import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/** What `npm start` runs, built by `npx swc apps libs -d dist`. */
export const ALL_IN_ONE_MAIN = join(ROOT, 'dist', 'apps', 'gateway', 'src', 'main.js');

/** Messaging as a process of its own (`npm run start:messaging`). */
export const MESSAGING_MAIN = join(ROOT, 'dist', 'apps', 'messaging', 'src', 'main.js');
/** Appointments as a process of its own (`npm run start:appointments`). */
export const APPOINTMENTS_MAIN = join(ROOT, 'dist', 'apps', 'appointments', 'src', 'main.js');

/** Compiles apps and libs into dist/, which the *_MAIN paths run (what `npm run build` does for the services). */
export function buildServices(): void {
  execFileSync('npx', ['swc', 'apps', 'libs', '-d', 'dist', '--quiet'], { cwd: ROOT, stdio: 'inherit' });
}

/** A built service running as a child process, as it runs in a container: signals, exit code, stdout. */
export class ServiceChildProcess {
  readonly output: string[] = [];
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.output.push(chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.output.push(chunk));
    this.exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  }

  static async start(main: string, env: Record<string, string>): Promise<ServiceChildProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, ['--enable-source-maps', main], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServiceChildProcess(child, `http://127.0.0.1:${port}`);
  }

  /** The process id, e.g. for reading its memory from /proc. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Resolves when GET /health/ready answers 200; throws when the process exits or time runs out. */
  async ready(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    while (Date.now() < deadline && !exited) {
      const status = await fetch(`${this.baseUrl}/health/ready`).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`not ready within ${timeoutMs} ms${exited ? ' (it exited)' : ''}; output:\n${this.tail()}`);
  }

  /** Sends SIGTERM; resolves with the exit and how long it took. */
  async terminate(): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
    const sent = Date.now();
    this.child.kill('SIGTERM');
    const exit = await this.exited;
    return { ...exit, ms: Date.now() - sent };
  }

  /**
   * SIGKILL, as a crash or the OOM killer would end it: no shutdown hook runs. Resolves once it has
   * exited, so that a replacement started next cannot overlap with it.
   */
  async crash(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.kill();
    return this.exited;
  }

  /** Last resort for a test that failed before terminate(). */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  tail(lines = 40): string {
    return this.output.join('').split('\n').slice(-lines).join('\n');
  }
}

/** A port nothing listens on right now (the kernel's pick), for a server started next. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}
