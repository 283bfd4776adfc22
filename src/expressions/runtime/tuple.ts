/**
 * System.Tuple (on APIM's allow-list): Tuple.Create with two or three items, Item1…Item3,
 * value equality and "(a, b)" ToString.
 */
import { generic, genericCtor, prop, registerType } from '../registry.js';
import type { Ty } from '../types.js';
import { displayString } from './display.js';
import { valueEquals } from './equality.js';
import { tyName } from './collections.js';

export class TupleValue {
  constructor(
    readonly items: unknown[],
    readonly types: string[],
  ) {}
}

/** A three-item tuple is its own class so that its runtime type is Tuple`3. */
export class Tuple3Value extends TupleValue {}

const make = (ts: Ty[]) => (...items: unknown[]) => (items.length === 3 ? new Tuple3Value(items, ts.map((t) => tyName(t))) : new TupleValue(items, ts.map((t) => tyName(t))));
const show = (t: TupleValue) => `(${t.items.map((x) => displayString(x)).join(', ')})`;
const same = (a: TupleValue, b: TupleValue) => a.items.length === b.items.length && a.items.every((x, i) => valueEquals(x, b.items[i]));

registerType({
  name: 'System.Tuple',
  kind: 'static',
  statics: {
    Create: [generic('<T1, T2>(T1 item1, T2 item2) => System.Tuple<T1, T2>', make), generic('<T1, T2, T3>(T1 item1, T2 item2, T3 item3) => System.Tuple<T1, T2, T3>', make)],
  },
});

for (const params of [['T1', 'T2'], ['T1', 'T2', 'T3']]) {
  registerType({
    name: `System.Tuple<${params.join(', ')}>`,
    jsClass: params.length === 2 ? TupleValue : Tuple3Value,
    typeArgs: (t: TupleValue) => t.types,
    constructors: [genericCtor(`(${params.map((p, i) => `${p} item${i + 1}`).join(', ')})`, make)],
    members: Object.fromEntries(params.map((p, i) => [`Item${i + 1}`, prop(p, (t: TupleValue) => t.items[i])])),
    toString: show,
    equals: same,
    hash: (t: TupleValue) => t.items.map((x) => displayString(x)).join('\u0000'),
  });
}
