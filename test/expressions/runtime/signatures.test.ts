import { describe, expect, it } from 'vitest';
import '../../../src/expressions/core/primitives.js';
import '../../../src/expressions/runtime/all.js';
import { allTypes, isOverloads, propertyType, signatureOf, type MemberSpec, type Overload, type TypeDef } from '../../../src/expressions/registry.js';

function overloads(m: MemberSpec): Overload[] {
  return isOverloads(m) ? (Array.isArray(m) ? m : [m]) : [];
}

/** Every signature and property type registered by the runtime modules must resolve. */
function problems(def: TypeDef): string[] {
  const out: string[] = [];
  const check = (what: string, fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      out.push(`${def.fullName}.${what}: ${(e as Error).message}`);
    }
  };
  for (const [name, m] of [...def.statics, ...def.members]) {
    for (const o of overloads(m)) check(name, () => signatureOf(o, def));
    if (!isOverloads(m)) check(name, () => propertyType(m, def));
  }
  for (const o of [...def.constructors, ...def.indexers, ...def.casts, ...[...def.operators.values()].flat()]) check(o.kind, () => signatureOf(o, def));
  return out;
}

describe('runtime registrations', () => {
  it('all signatures resolve', () => {
    const all = allTypes().flatMap(problems);
    expect(all).toEqual([]);
  });
});
