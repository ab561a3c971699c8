import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const SCRIPT = join(__dirname, '../../../../scripts/kafka.sh');

/**
 * A broker of a test's own, through `scripts/kafka.sh` on its own ports, for fault tests that
 * kill it: the shared broker of the other suites stays untouched.
 */
export class KafkaBroker {
  constructor(
    readonly port: number,
    private readonly controllerPort: number,
  ) {}

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Starts it and waits until it serves; `keepData` restarts it with its topics and offsets. */
  start({ keepData = false } = {}): void {
    this.run('start', keepData ? { KAFKA_KEEP_DATA: '1' } : {});
  }

  /** SIGKILL: the broker vanishes as in a crash. */
  kill(): void {
    this.run('kill');
  }

  stop(): void {
    this.run('stop');
  }

  private run(command: string, env: Record<string, string> = {}): void {
    const result = spawnSync(SCRIPT, [command], {
      env: { ...process.env, ...env, KAFKA_PORT: String(this.port), KAFKA_CONTROLLER_PORT: String(this.controllerPort) },
      encoding: 'utf8',
      timeout: 180_000,
    });
    if (result.status !== 0) {
      throw new Error(
        `scripts/kafka.sh ${command} (port ${this.port}) failed with ${result.status ?? result.signal}:\n${result.stderr}${result.stdout}`,
      );
    }
  }
}
