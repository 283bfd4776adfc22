/**
 * System.Enum's statics that APIM allows: Parse<T>/TryParse<T> (names, comma-joined flags, or numbers,
 * optionally ignoring case), generic or with a `typeof(T)`.
 */
import { enumValue } from '../compiler/conversions.js';
import { generic, method, registerType, type TypeDef } from '../registry.js';
import type { Ty } from '../types.js';
import { EnumValue } from '../values.js';
import type { SystemType } from './system-type.js';
import { fail } from './fail.js';

function typeOf(t: SystemType | null): Ty {
  if (t === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'enumType')");
  return t.ty;
}

function enumDef(t: Ty | undefined): TypeDef {
  const def = t?.kind === 'named' ? t.def : undefined;
  if (!def || def.kind !== 'enum') fail('System.ArgumentException', `Type provided must be an Enum. (Parameter 'enumType')`);
  return def;
}

/** The value of an enum text, or undefined. */
function valueOf(def: TypeDef, text: string, ignoreCase: boolean): number | undefined {
  const t = text.trim();
  if (/^[+-]?\d+$/.test(t)) return Number(t);
  let total = 0;
  for (const part of t.split(',')) {
    const name = part.trim();
    let found: number | undefined;
    for (const [n, v] of def.enumMembers) if (n === name || (ignoreCase && n.toLowerCase() === name.toLowerCase())) found = v;
    if (found === undefined) return undefined;
    total |= found;
  }
  return total;
}

function parse(def: TypeDef, text: string | null, ignoreCase: boolean): EnumValue {
  if (text === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'value')");
  const v = valueOf(def, text, ignoreCase);
  if (v === undefined) fail('System.ArgumentException', `Requested value '${text}' was not found.`);
  return enumValue(def, v);
}

function tryParse(def: TypeDef, text: string | null, ignoreCase: boolean, out: { value: unknown }): boolean {
  const v = text === null ? undefined : valueOf(def, text, ignoreCase);
  out.value = enumValue(def, v ?? 0);
  return v !== undefined;
}

registerType({
  name: 'System.Enum',
  statics: {
    Parse: [
      generic('<T>(string value) => T', ([t]) => {
        const def = enumDef(t);
        return (s: string | null) => parse(def, s, false);
      }),
      generic('<T>(string value, bool ignoreCase) => T', ([t]) => {
        const def = enumDef(t);
        return (s: string | null, ic: boolean) => parse(def, s, ic);
      }),
      // Enum.Parse(typeof(T), …) returns the value boxed as object.
      method('(System.Type enumType, string value) => object', (t: SystemType | null, s: string | null) => parse(enumDef(typeOf(t)), s, false)),
      method('(System.Type enumType, string value, bool ignoreCase) => object', (t: SystemType | null, s: string | null, ic: boolean) => parse(enumDef(typeOf(t)), s, ic)),
    ],
    TryParse: [
      generic('<T>(string value, out T result) => bool', ([t]) => {
        const def = enumDef(t);
        return (s: string | null, out: { value: unknown }) => tryParse(def, s, false, out);
      }),
      generic('<T>(string value, bool ignoreCase, out T result) => bool', ([t]) => {
        const def = enumDef(t);
        return (s: string | null, ic: boolean, out: { value: unknown }) => tryParse(def, s, ic, out);
      }),
    ],
  },
  toString: (e: EnumValue) => e.name,
});
