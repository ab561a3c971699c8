import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Paths the API, health, metrics and identity own: never answered with the page shell. */
const NOT_PAGES = /^\/(api|health|metrics|\.well-known)(\/|$)/;

/**
 * Same-origin pages need no CORS and no inline script; documents to sign are previewed from blob:
 * URLs (fetched with the bearer token); the sign-in trades its code at the identity provider
 * (`connectSources`). no-referrer: the manage link carries the booking's key in its query, and it
 * must not leak to another site through a Referer header.
 */
function pageHeaders(connectSources: string[]): Record<string, string> {
  const connect = ["'self'", ...connectSources].join(' ');
  return {
    'content-security-policy': `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src ${connect}; frame-src blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
  };
}

/**
 * Serves the web client built by `npm run build:web` into `root`: its files under /app/, and the
 * page shell (index.html) for every other GET that asks for HTML, so that client routes such as
 * /demo/termin or the mailed /demo/buchung/… link load the app. Without a build the pages are
 * absent (404) and the API works as before. `connectSources`: origins the pages may call besides
 * their own (the identity provider's token endpoint).
 */
export function webPagesMiddleware(root: string, connectSources: string[] = []) {
  const base = resolve(root);
  const headers = pageHeaders(connectSources);
  const shellPath = join(base, 'index.html');
  const built = exists(shellPath);
  if (!built) new Logger('WebPages').warn(`No web client in ${base}: run "npm run build:web" to serve the pages.`);

  return (request: Request, response: Response, next: NextFunction): void => {
    if (!built || (request.method !== 'GET' && request.method !== 'HEAD')) return next();
    const path = request.path;
    if (path.startsWith('/app/')) {
      const file = normalize(join(base, path.slice('/app/'.length)));
      const type = CONTENT_TYPES[extname(file)];
      if (!file.startsWith(base + sep) || !type || !exists(file)) return next();
      return send(response, file, type, { 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
    }
    if (NOT_PAGES.test(path) || !request.accepts('html')) return next();
    send(response, shellPath, CONTENT_TYPES['.html'], { ...headers, 'cache-control': 'no-cache' });
  };
}

function send(response: Response, file: string, type: string, headers: Record<string, string>): void {
  response
    .status(200)
    .set({ 'content-type': type, ...headers })
    .send(readFileSync(file));
}

function exists(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
