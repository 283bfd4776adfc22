/**
 * The JSONPath subset of JToken.SelectToken: `$`, `.name`, `['name']`, `[n]`, `[*]`, `.*` and `..name`.
 */
import { dotnetError } from '../errors.js';
import { JArray, JObject, JProperty, JToken } from './model.js';

type Step = { kind: 'name'; name: string } | { kind: 'index'; index: number } | { kind: 'all' } | { kind: 'deep'; name: string };

function parsePath(path: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  const bad = () => dotnetError('Newtonsoft.Json.JsonException', `Unexpected character while parsing path: ${path[i] ?? ''}`);
  if (path[i] === '$') i++;
  while (i < path.length) {
    const c = path[i]!;
    if (c === '.') {
      if (path[i + 1] === '.') {
        i += 2;
        const m = /^[^.[\]]+/.exec(path.slice(i));
        if (!m) throw bad();
        steps.push({ kind: 'deep', name: m[0] });
        i += m[0].length;
        continue;
      }
      i++;
      if (path[i] === '*') {
        steps.push({ kind: 'all' });
        i++;
        continue;
      }
      const m = /^[^.[\]]+/.exec(path.slice(i));
      if (!m) throw bad();
      steps.push({ kind: 'name', name: m[0] });
      i += m[0].length;
    } else if (c === '[') {
      const close = path.indexOf(']', i);
      if (close < 0) throw dotnetError('Newtonsoft.Json.JsonException', 'Path ended with open indexer.');
      const inner = path.slice(i + 1, close).trim();
      if (inner === '*') steps.push({ kind: 'all' });
      else if (/^-?\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else if (/^'.*'$/s.test(inner) || /^".*"$/s.test(inner)) steps.push({ kind: 'name', name: inner.slice(1, -1).replace(/\\'/g, "'") });
      else throw bad();
      i = close + 1;
    } else {
      const m = /^[^.[\]]+/.exec(path.slice(i));
      if (!m) throw bad();
      steps.push({ kind: 'name', name: m[0] });
      i += m[0].length;
    }
  }
  return steps;
}

function* deep(t: JToken, name: string): Generator<JToken> {
  if (t instanceof JObject) {
    for (const p of t.props.values()) {
      if (p.name === name) yield p.value;
      yield* deep(p.value, name);
    }
  } else if (t instanceof JArray) for (const x of t.items) yield* deep(x, name);
  else if (t instanceof JProperty) yield* deep(t.value, name);
}

export function selectTokens(root: JToken, path: string, errorWhenNoMatch = false): JToken[] {
  let current: JToken[] = [root];
  for (const step of parsePath(path)) {
    const next: JToken[] = [];
    for (const t of current) {
      switch (step.kind) {
        case 'name':
          if (t instanceof JObject) {
            const v = t.get(step.name);
            if (v) next.push(v);
            else if (errorWhenNoMatch) throw dotnetError('Newtonsoft.Json.JsonException', `Property '${step.name}' does not exist on JObject.`);
          } else if (errorWhenNoMatch) throw dotnetError('Newtonsoft.Json.JsonException', `Property '${step.name}' not valid on ${t.constructor.name}.`);
          break;
        case 'index':
          if (t instanceof JArray) {
            const v = t.items[step.index];
            if (v) next.push(v);
            else if (errorWhenNoMatch) throw dotnetError('Newtonsoft.Json.JsonException', `Index ${step.index} outside the bounds of JArray.`);
          } else if (errorWhenNoMatch) throw dotnetError('Newtonsoft.Json.JsonException', `Index ${step.index} not valid on ${t.constructor.name}.`);
          break;
        case 'all':
          if (t instanceof JObject) next.push(...[...t.props.values()].map((p) => p.value));
          else if (t instanceof JArray) next.push(...t.items);
          break;
        case 'deep':
          next.push(...deep(t, step.name));
          break;
      }
    }
    current = next;
  }
  return current;
}
