import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Response } from 'express';
import { ReadinessRegistry } from './readiness';

const CHECK_TIMEOUT_MS = 3000;

@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: ReadinessRegistry,
  ) {}

  /** The process runs and its event loop answers. Nothing else: a dead database must not restart pods. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) response: Response): Promise<unknown> {
    const checks = this.readiness.all().map((readiness) => async (): Promise<HealthIndicatorResult> => {
      const indicator = this.indicators.check(readiness.name);
      try {
        const details = await withTimeout(readiness.check(), CHECK_TIMEOUT_MS);
        return indicator.up(details ?? {});
      } catch (error) {
        return indicator.down({ message: (error as Error).message });
      }
    });
    if (this.readiness.isDraining) checks.push(async () => this.indicators.check('shutdown').down({ message: 'draining' }));
    try {
      return await this.health.check(checks);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(503);
      return error.getResponse();
    }
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);
}
