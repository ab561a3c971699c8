import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Browser } from 'playwright-core';
import { createServiceApp, loadConfig, startServiceApp } from '@amtsweg/platform';
import { gatewayProcess } from '../../apps/gateway/src/gateway.process';
import { buildWebClient, launchChromium } from './browser';

export interface WebAppInBrowser {
  /** The all-in-one process (embedded database and bus) serving the web client built for this run. */
  app: INestApplication;
  origin: string;
  browser: Browser;
  close(): Promise<void>;
}

/** What a browser suite starts first: the pages and the API on a free port, and a Chromium for them. */
export async function startWebAppInBrowser(name: string): Promise<WebAppInBrowser> {
  const webRoot = buildWebClient();
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: mkdtempSync(join(tmpdir(), `amtsweg-${name}-data-`)) });
  const app = await startServiceApp(await createServiceApp(gatewayProcess({ WEB_ROOT: webRoot }), config));
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
