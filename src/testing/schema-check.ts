/**
 * A small JSON Schema checker for the subset schemas/policy-test.schema.json uses (type, properties,
 * required, additionalProperties, items, enum, const, anyOf, $ref to #/$defs, minItems, minLength,
 * minimum, maximum). The shipped schema is the single source of truth: editors complete with it and
 * `onhandshake test` rejects files with it, so the two cannot drift.
 */

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  minItems?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  description?: string;
};

export interface SchemaProblem {
  /** Where in the document: keys and indices from the root. */
  path: Array<string | number>;
  message: string;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(actual: string, wanted: string): boolean {
  return actual === wanted || (wanted === 'number' && actual === 'integer');
}

export function checkSchema(root: JsonSchema, value: unknown): SchemaProblem[] {
  const resolve = (schema: JsonSchema): JsonSchema => {
    if (!schema.$ref) return schema;
    const name = schema.$ref.replace(/^#\/\$defs\//, '');
    const target = root.$defs?.[name];
    if (!target) throw new Error(`schema: unknown $ref ${schema.$ref}`);
    return { ...target, ...{ description: schema.description ?? target.description } };
  };

  const check = (schemaIn: JsonSchema, v: unknown, path: Array<string | number>): SchemaProblem[] => {
    const schema = resolve(schemaIn);
    const problems: SchemaProblem[] = [];
    const at = (message: string, p = path) => problems.push({ path: p, message });
    const actual = typeOf(v);

    if (schema.anyOf) {
      const attempts = schema.anyOf.map((s) => check(s, v, path));
      if (attempts.some((a) => a.length === 0)) return [];
      // Report the branch that got furthest: fewest problems, preferring deeper ones.
      const best = attempts.reduce((a, b) => (score(b) < score(a) ? b : a));
      return best;
    }
    if (schema.type) {
      const wanted = Array.isArray(schema.type) ? schema.type : [schema.type];
      if (!wanted.some((w) => typeMatches(actual, w))) {
        at(`expected ${wanted.join(' or ')}, got ${actual}`);
        return problems;
      }
    }
    if ('const' in schema && v !== schema.const) at(`must be ${JSON.stringify(schema.const)}`);
    if (schema.enum && !schema.enum.includes(v)) at(`must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`);
    if (typeof v === 'string' && schema.minLength !== undefined && v.length < schema.minLength) at('must not be empty');
    if (typeof v === 'number') {
      if (schema.minimum !== undefined && v < schema.minimum) at(`must be at least ${schema.minimum}`);
      if (schema.maximum !== undefined && v > schema.maximum) at(`must be at most ${schema.maximum}`);
    }
    if (Array.isArray(v)) {
      if (schema.minItems !== undefined && v.length < schema.minItems) at(`needs at least ${schema.minItems} item(s)`);
      if (schema.items) v.forEach((item, i) => problems.push(...check(schema.items!, item, [...path, i])));
    }
    if (actual === 'object') {
      const obj = v as Record<string, unknown>;
      for (const key of schema.required ?? []) if (!(key in obj)) at(`missing required key '${key}'`);
      for (const [key, child] of Object.entries(obj)) {
        const known = schema.properties?.[key];
        if (known) problems.push(...check(known, child, [...path, key]));
        else if (schema.additionalProperties === false) {
          const allowed = Object.keys(schema.properties ?? {});
          at(`unknown key '${key}'${allowed.length ? ` (expected one of: ${allowed.join(', ')})` : ''}`, [...path, key]);
        } else if (typeof schema.additionalProperties === 'object') {
          problems.push(...check(schema.additionalProperties, child, [...path, key]));
        }
      }
    }
    return problems;
  };

  return check(root, value, []);
}

function score(problems: SchemaProblem[]): number {
  const depth = Math.max(0, ...problems.map((p) => p.path.length));
  return problems.length * 100 - depth;
}

export function formatPath(path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}
