import { Injectable } from '@nestjs/common';

/**
 * A dependency the process cannot serve without: its own database. Not the broker — the outbox
 * holds events while it is away, and its state is a metric (`amtsweg_broker_connected`).
 */
export interface ReadinessCheck {
  name: string;
  /** Resolves with details when ready; throws (with a message free of personal data) when not. */
  check(): Promise<Record<string, unknown> | void>;
}

/** Every module registers its own checks here (onModuleInit); `/health/ready` asks them all. */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();
  private draining = false;

  register(check: ReadinessCheck): void {
    this.checks.set(check.name, check);
  }

  all(): ReadinessCheck[] {
    return [...this.checks.values()];
  }

  /** On SIGTERM: report unready so the load balancer stops sending before the server closes. */
  startDraining(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }
}
