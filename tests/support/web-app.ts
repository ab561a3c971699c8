import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Browser } from 'playwright-core';
import { createServiceApp, loadConfig, startServiceApp } from '@amtsweg/platform';
import { demoTenantsKnown } from '@amtsweg/platform/testing';
import { gatewayProcess } from '../../apps/gateway/src/gateway.process';
import { buildWebClient, launchChromium } from './browser';

export interface WebAppInBrowser {
  /** The all-in-one process (embedded database and bus) serving the web client built for this run. */
  app: INestApplication;
  origin: string;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * What a browser suite starts first: the pages and the API on a free port, and a Chromium for them.
 * `env` adds to the gateway's settings (e.g. services elsewhere) and the platform's (e.g. an identity provider).
 */
export async function startWebAppInBrowser(
  name: string,
  env: { gateway?: NodeJS.ProcessEnv; platform?: NodeJS.ProcessEnv } = {},
): Promise<WebAppInBrowser> {
  const webRoot = buildWebClient();
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: mkdtempSync(join(tmpdir(), `amtsweg-${name}-data-`)), ...env.platform });
  const app = await startServiceApp(await createServiceApp(gatewayProcess({ ...env.gateway, WEB_ROOT: webRoot }), config));
  // The seed's tenant.created reach signatures, messaging and devices a moment after the start.
  await demoTenantsKnown(app);
  await app.listen(0, '127.0.0.1');
  const origin = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const browser = await launchChromium();
  return {
    app,
    origin,
    browser,
    async close() {
      await browser.close();
      await app.close();
    },
  };
}
