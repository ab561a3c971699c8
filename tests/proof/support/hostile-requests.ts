import { randomUUID } from 'node:crypto';
import type { RawRequest } from './raw-http';
import type { OpenApiDocument, OpenApiSchema, RouteUnderProof } from './proof-app';

/** A small seeded generator (mulberry32): the same seed sends the same requests, so a failure can be replayed. */
export class SeededRandom {
  constructor(private state: number) {}

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

const WRONG_TYPES: unknown[] = [null, true, 0, -1, 1e308, 3.5, '', 'not-a-number', [], [1, 'a'], {}, { nested: { deeper: [] } }];
const ODD_DATES = [
  '2026-02-30',
  '2026-13-01T10:00:00Z',
  '2026-03-29T02:30:00+01:00', // a local time that does not exist (the spring DST gap in Berlin)
  '2026-10-25T02:30:00', // an ambiguous local time without offset (the autumn DST overlap)
  '2026-10-25T02:30:00 Europe/Berlin',
  '2026-12-01T08:15:00+14:00',
  '2026-12-01T08:15:00-12:00',
  '2026-12-01T25:61:61Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999999999Z',
  '-000001-01-01T00:00:00Z',
  '1970-01-01',
  '2026-12-01T08:15:00+01:00[Europe/Berlin]',
  '1e400',
  '',
  'tomorrow',
];
const PATH_TRICKS = [
  '..',
  '%2e%2e',
  '..%2F..%2Fetc%2Fpasswd',
  'a%2Fb',
  '%2F',
  '%00',
  '%',
  '%E0%A4%A',
  '%C0%AE%C0%AE',
  'x'.repeat(8192),
  '%20',
  '%F0%9F%92%A9',
  "1'%20OR%20'1'='1",
];
const QUERY_TRICKS = ['-1', '0', '99999999999999999999', 'NaN', '1e9', '%', '%00', '[]', 'x'.repeat(5000), ''];
const WRONG_CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=zzz',
  'application/json; charset=latin1',
  '',
];
/** Larger than the default BODY_LIMIT (100kb): the parser must refuse it, not buffer it. */
const OVERSIZED_BYTES = 300 * 1024;

export const HOSTILE_KINDS = [
  'wrong types',
  'missing fields',
  'extra fields',
  'huge strings',
  'body over the limit',
  'invalid UTF-8',
  'malformed JSON',
  'odd dates',
  'unknown ids',
  'path tricks',
  'query tricks',
  'wrong content type',
] as const;
export type HostileKind = (typeof HOSTILE_KINDS)[number];

export interface HostileRequest extends RawRequest {
  kind: HostileKind;
}

/** Builds hostile variants of one operation from its OpenAPI description. */
export class HostileRequestFactory {
  constructor(
    private readonly document: OpenApiDocument,
    private readonly random: SeededRandom,
  ) {}

  build(route: RouteUnderProof, kind: HostileKind, tenant: string, token: string | undefined): HostileRequest {
    const pathValues = this.pathValues(route, kind);
    const path = route.template.replace(/\{(\w+)\}/g, (_whole, name: string) =>
      name === 'tenant' ? tenant : (pathValues.get(name) ?? randomUUID()),
    );
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const request: HostileRequest = { kind, method: route.method, path: path + this.query(route, kind), headers };
    const [mediaType, content] = Object.entries(route.operation.requestBody?.content ?? {})[0] ?? [];
    if (kind === 'body over the limit') {
      headers['content-type'] = mediaType ?? 'application/json';
      request.body = JSON.stringify({ padding: 'x'.repeat(OVERSIZED_BYTES) });
      return request;
    }
    if (!mediaType && !['wrong content type', 'invalid UTF-8', 'malformed JSON'].includes(kind)) return request;
    const plausible = content?.schema ? this.valueOf(content.schema, kind, 0) : {};
    headers['content-type'] = mediaType ?? 'application/json';
    if (kind === 'wrong content type') {
      headers['content-type'] = this.random.pick(WRONG_CONTENT_TYPES.filter((type) => type !== mediaType));
      if (headers['content-type'] === '') delete headers['content-type'];
      request.body = JSON.stringify(plausible);
    } else if (kind === 'invalid UTF-8') {
      request.body = Buffer.concat([
        Buffer.from('{"title":"'),
        Buffer.from([0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80]),
        Buffer.from('","x":"\u00e9"}'),
      ]);
    } else if (kind === 'malformed JSON') {
      request.body = this.random.pick([
        '{',
        '{"a":',
        '[1,2',
        'null',
        '"text"',
        '{"a":1}{"b":2}',
        "{'a':1}",
        '\u0000',
        '{"__proto__":{"polluted":1}}',
      ]);
    } else if (mediaType === 'text/csv') {
      request.body = this.csv(kind);
    } else if (mediaType === 'multipart/form-data') {
      const boundary = `proof${Math.floor(this.random.next() * 1e9)}`;
      headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
      // A wrong-typed whole body (null, a number, a list) becomes the one `file` part.
      const fields =
        plausible !== null && typeof plausible === 'object' && !Array.isArray(plausible) ? plausible : { file: JSON.stringify(plausible) };
      request.body = this.multipart(boundary, fields as Record<string, unknown>);
    } else {
      request.body = JSON.stringify(plausible);
    }
    return request;
  }

  private pathValues(route: RouteUnderProof, kind: HostileKind): Map<string, string> {
    const values = new Map<string, string>();
    for (const parameter of route.operation.parameters ?? []) {
      if (parameter.in !== 'path' || parameter.name === 'tenant') continue;
      if (kind === 'path tricks') values.set(parameter.name, this.random.pick(PATH_TRICKS));
      else if (kind === 'unknown ids')
        values.set(
          parameter.name,
          this.random.pick([
            randomUUID(),
            '00000000-0000-0000-0000-000000000000',
            '1',
            '-1',
            'ABC-123',
            'ffffffff-ffff-ffff-ffff-ffffffffffff',
          ]),
        );
    }
    return values;
  }

  private query(route: RouteUnderProof, kind: HostileKind): string {
    const parts: string[] = [];
    for (const parameter of route.operation.parameters ?? []) {
      if (parameter.in !== 'query') continue;
      const schema = parameter.schema ?? {};
      const name = encodeURIComponent(parameter.name);
      if (kind === 'query tricks') {
        const trick = this.random.pick(['value', 'array', 'object', 'missing']);
        if (trick === 'value') parts.push(`${name}=${this.random.pick(QUERY_TRICKS)}`);
        if (trick === 'array') parts.push(`${name}=1`, `${name}=2`);
        if (trick === 'object') parts.push(`${name}[a]=1`);
      } else if (kind === 'wrong types') {
        parts.push(`${name}=${encodeURIComponent(JSON.stringify(this.random.pick(WRONG_TYPES)))}`);
      } else if (kind === 'odd dates' && /date|from|to|before|at$/i.test(parameter.name)) {
        parts.push(`${name}=${encodeURIComponent(this.random.pick(ODD_DATES))}`);
      } else if (parameter.required || this.random.chance(0.5)) {
        parts.push(`${name}=${encodeURIComponent(String(this.valueOf(schema, 'unknown ids', 0)))}`);
      }
    }
    return parts.length ? `?${parts.join('&')}` : '';
  }

  /** A value that fits the schema, then bent the way `kind` says. */
  private valueOf(schema: OpenApiSchema, kind: HostileKind, depth: number): unknown {
    const resolved = this.resolve(schema);
    if (kind === 'wrong types' && depth > 0 && this.random.chance(0.6)) return this.random.pick(WRONG_TYPES);
    if (resolved.enum?.length) return this.random.pick(resolved.enum);
    if (resolved.type === 'object' || resolved.properties) {
      const value: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(resolved.properties ?? {})) {
        if (kind === 'missing fields' && this.random.chance(0.5)) continue;
        value[name] = depth > 4 ? null : this.valueOf(property, kind, depth + 1);
        if (kind === 'odd dates' && /date|start|end|at$|from|to$|until|due/i.test(name)) value[name] = this.random.pick(ODD_DATES);
      }
      if (kind === 'extra fields')
        Object.assign(value, { unexpected: 'field', isAdmin: true, tenant: 'muster', constructor: { prototype: { polluted: true } } });
      if (kind === 'wrong types' && depth === 0 && this.random.chance(0.2)) return this.random.pick(WRONG_TYPES);
      return value;
    }
    if (resolved.type === 'array') return depth > 4 ? [] : [this.valueOf(resolved.items ?? {}, kind, depth + 1)];
    if (resolved.type === 'integer' || resolved.type === 'number') return resolved.minimum ?? 1;
    if (resolved.type === 'boolean') return true;
    if (kind === 'huge strings') return this.random.pick(['x', 'ä', '\u{1F4A9}', '\u202E', '<script>']).repeat(20_000);
    switch (resolved.format) {
      case 'uuid':
        return randomUUID();
      case 'date-time':
        return '2026-12-01T08:15:00+01:00';
      case 'date':
        return '2026-12-01';
      case 'email':
        return 'proof@example.org';
      case 'binary':
        return '%PDF-1.7 not really';
      default:
        return 'proof';
    }
  }

  private resolve(schema: OpenApiSchema): OpenApiSchema {
    if (schema.$ref) return this.resolve(this.document.components.schemas[schema.$ref.replace('#/components/schemas/', '')] ?? {});
    const [composed] = [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])];
    return composed ? { ...this.resolve(composed), ...schema, allOf: undefined, oneOf: undefined, anyOf: undefined } : schema;
  }

  private csv(kind: HostileKind): string {
    const header = this.random.pick(['type,model,serial,imei', 'type;model;serial;imei', '', '\uFEFFtype,model,serial,imei', 'a,b']);
    const row =
      kind === 'huge strings'
        ? `phone,${'m'.repeat(60_000)},S1,1`
        : this.random.pick(['phone,"unterminated,S1,1', 'phone,,,', 'tablet,X,S2,not-an-imei', '=cmd|"/c calc"!A1,x,y,z', ',,,,,,,']);
    return `${header}\n${row}\n`;
  }

  private multipart(boundary: string, fields: Record<string, unknown>): string {
    const parts = Object.entries(fields).map(([name, value]) =>
      name === 'file'
        ? `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="../../x.pdf"\r\nContent-Type: application/pdf\r\n\r\n${String(value)}\r\n`
        : `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${typeof value === 'string' ? value : JSON.stringify(value)}\r\n`,
    );
    return `${parts.join('')}--${boundary}--\r\n`;
  }
}
