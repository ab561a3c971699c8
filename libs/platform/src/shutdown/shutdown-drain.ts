import { Injectable, Logger } from '@nestjs/common';
import { errorSummary } from '../logging/error-summary';

/**
 * What takes work in besides HTTP (event consumers) registers here how it stops taking it. On
 * SIGTERM the process drains these after the HTTP server closed and before the app's own shutdown
 * hooks run, so the outbox relay's last flush comes after every handler that could append to it.
 */
@Injectable()
export class ShutdownDrain {
  private readonly logger = new Logger(ShutdownDrain.name);
  private readonly steps: Array<{ name: string; stop: () => Promise<void> }> = [];
  private readonly streams: Array<() => void> = [];

  onDrain(name: string, stop: () => Promise<void>): void {
    this.steps.push({ name, stop });
  }

  /**
   * Responses that never finish by themselves (event streams) register how to end them. They
   * end when the listener closes: otherwise they would hold its close until the cut-off, and
   * their clients reconnect to an instance that still listens.
   */
  onListenerClose(end: () => void): void {
    this.streams.push(end);
  }

  endStreams(): void {
    for (const end of this.streams) end();
  }

  /** Stops every intake at once and waits for the work each has in hand. */
  async drain(): Promise<void> {
    await Promise.all(
      this.steps.map(({ name, stop }) =>
        stop().catch((error: unknown) => this.logger.warn(`${name} did not stop cleanly: ${errorSummary(error)}`)),
      ),
    );
  }
}
