/**
 * A tiny JSON Schema (2020-12) checker for the keywords our generated schemas use, so a test can
 * show that editors given hardware/schema/*.json accept the shipped files. It throws on any
 * keyword it does not know, so it cannot silently accept what it does not check.
 */
type Schema = Record<string, unknown>;

const KNOWN = new Set([
  '$schema',
  'title',
  'description',
  'default',
  'format',
  'type',
  'const',
  'enum',
  'properties',
  'required',
  'additionalProperties',
  'propertyNames',
  'pattern',
  'minLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'items',
  'prefixItems',
  'minItems',
  'maxItems',
  'anyOf',
]);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Every violation as `path: what`, empty when the value conforms. */
export function checkJsonSchema(schema: Schema, value: unknown, path = '$'): string[] {
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) throw new Error(`unsupported keyword ${key}`);
  const errors: string[] = [];
  const fail = (what: string): number => errors.push(`${path}: ${what}`);
  const t = typeOf(value);
  if (schema['type'] !== undefined) {
    const ok = schema['type'] === t || (schema['type'] === 'number' && t === 'integer');
    if (!ok) return [`${path}: expected ${String(schema['type'])}, got ${t}`];
  }
  if ('const' in schema && schema['const'] !== value) fail(`expected ${JSON.stringify(schema['const'])}`);
  if (Array.isArray(schema['enum']) && !schema['enum'].includes(value)) fail(`not in enum`);
  if (Array.isArray(schema['anyOf'])) {
    const anyOk = (schema['anyOf'] as Schema[]).some((s) => checkJsonSchema(s, value, path).length === 0);
    if (!anyOk) fail('matches no anyOf branch');
  }
  if (typeof value === 'string') {
    if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern'], 'u').test(value))
      fail('pattern');
    if (typeof schema['minLength'] === 'number' && value.length < schema['minLength']) fail('too short');
  }
  if (typeof value === 'number') {
    const n = (k: string): number | undefined =>
      typeof schema[k] === 'number' ? (schema[k] as number) : undefined;
    if (n('minimum') !== undefined && value < n('minimum')!) fail('below minimum');
    if (n('maximum') !== undefined && value > n('maximum')!) fail('above maximum');
    if (n('exclusiveMinimum') !== undefined && value <= n('exclusiveMinimum')!)
      fail('not above exclusiveMinimum');
    if (n('exclusiveMaximum') !== undefined && value >= n('exclusiveMaximum')!)
      fail('not below exclusiveMaximum');
  }
  if (Array.isArray(value)) {
    if (typeof schema['minItems'] === 'number' && value.length < schema['minItems']) fail('too few items');
    if (typeof schema['maxItems'] === 'number' && value.length > schema['maxItems']) fail('too many items');
    const prefix = (schema['prefixItems'] as Schema[] | undefined) ?? [];
    value.forEach((item, i) => {
      const itemSchema = i < prefix.length ? prefix[i] : schema['items'];
      if (itemSchema === false) fail(`item ${i} not allowed`);
      else if (itemSchema && typeof itemSchema === 'object')
        errors.push(...checkJsonSchema(itemSchema as Schema, item, `${path}[${i}]`));
    });
  }
  if (t === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema['properties'] as Record<string, Schema> | undefined) ?? {};
    for (const key of (schema['required'] as string[] | undefined) ?? [])
      if (!(key in object)) fail(`missing ${key}`);
    for (const [key, item] of Object.entries(object)) {
      if (schema['propertyNames'])
        errors.push(...checkJsonSchema(schema['propertyNames'] as Schema, key, `${path}.${key} (name)`));
      const sub = properties[key] ?? schema['additionalProperties'];
      if (sub === false) fail(`unknown key ${key}`);
      else if (sub && typeof sub === 'object')
        errors.push(...checkJsonSchema(sub as Schema, item, `${path}.${key}`));
    }
  }
  return errors;
}
