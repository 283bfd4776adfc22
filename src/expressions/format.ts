/**
 * .NET `ToString()` and runtime type names of values, by static type when the compiler knows it
 * and by runtime type otherwise (boxed values describe themselves, see values.ts).
 */
import { Ty } from './types.js';
import { defOfObject, typeByFullName, typesByName, type TypeDef } from './registry.js';
import { BoxedValue, EnumValue, arrayElementType, unbox } from './values.js';
import { decimalToText, formatDecimalNumber, formatDouble, formatInteger, formatSingle } from './runtime/number-format.js';
import { DotnetException, dotnetError } from './errors.js';
import type { DecimalValue } from './runtime/decimal-value.js';

function def(name: string): TypeDef {
  const d = typeByFullName(name);
  if (!d) throw new Error(`core type ${name} is not registered`);
  return d;
}

/** The Ty of a well-known type by full name (`System.String`). */
export function tyOf(fullName: string): Ty {
  return Ty.named(def(fullName));
}

/** The runtime type of a value (what `GetType()` returns). */
export function runtimeTy(v: unknown): Ty {
  switch (typeof v) {
    case 'string':
      return tyOf('System.String');
    case 'boolean':
      return tyOf('System.Boolean');
    case 'number':
      return Number.isInteger(v) ? tyOf('System.Int32') : tyOf('System.Double');
    case 'bigint':
      return tyOf('System.Int64');
    case 'function':
      return tyOf('System.Delegate');
    case 'object': {
      if (v === null) return Ty.nullType;
      if (v instanceof BoxedValue) return tyOf(v.type);
      if (v instanceof EnumValue) return Ty.named(typeByFullName(v.type) ?? def('System.Enum'));
      if (v instanceof DotnetException) return Ty.named(typeByFullName(v.dotnetType) ?? def('System.Exception'));
      if (v instanceof Uint8Array) return Ty.array(tyOf('System.Byte'));
      if (Array.isArray(v)) {
        const el = typeByFullName(arrayElementType(v));
        return Ty.array(el ? Ty.named(el) : tyOf('System.Object'));
      }
      const d = defOfObject(v);
      if (!d) return tyOf('System.Object');
      if (d.typeParams.length && d.typeArgs) {
        const args = d.typeArgs(v).map((n) => {
          const td = typeByFullName(n) ?? typesByName(n)[0];
          return td ? Ty.named(td) : tyOf('System.Object');
        });
        return Ty.named(d, args);
      }
      if (d.typeParams.length) return Ty.named(d, d.typeParams.map(() => tyOf('System.Object')));
      return Ty.named(d);
    }
    default:
      return Ty.nullType;
  }
}

/** The .NET full type name of a value, e.g. `System.String` (`null` → `null`). */
export function typeNameOf(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  return runtimeTy(v).dotnetName;
}

/** .NET ToString() of a value whose static type is unknown (null → ''). */
export function toDotnetString(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'True' : 'False';
    case 'number':
      return Number.isInteger(v) ? String(v) : formatDouble(v);
    case 'bigint':
      return v.toString();
    case 'undefined':
      return '';
    case 'function':
      return 'System.Func`1[System.Object]';
    case 'object':
      if (v === null) return '';
      if (v instanceof BoxedValue) return boxedToString(v);
      if (v instanceof EnumValue) return v.name;
      return objectToString(v);
    default:
      return String(v);
  }
}

function boxedToString(b: BoxedValue): string {
  switch (b.type) {
    case 'System.Double':
      return formatDouble(b.value as number);
    case 'System.Single':
      return formatSingle(b.value as number);
    case 'System.Char':
      return String.fromCharCode(b.value as number);
    default:
      return b.value.toString();
  }
}

function objectToString(v: object): string {
  const d = defOfObject(v);
  if (d) {
    for (let cur: TypeDef | undefined = d; cur; cur = baseDef(cur)) {
      if (cur.toStringFn) return cur.toStringFn(v);
    }
    return runtimeTy(v).dotnetName;
  }
  if (v instanceof Uint8Array) return 'System.Byte[]';
  if (Array.isArray(v)) return `${arrayElementType(v)}[]`;
  return 'System.Object';
}

function baseDef(d: TypeDef): TypeDef | undefined {
  const b = d.baseType();
  return b && b.kind === 'named' ? b.def : undefined;
}

/** A ToString function specialised for a static type (used by `+` concatenation and interpolation). */
export function stringifierFor(ty: Ty): (v: unknown) => string {
  if (ty.kind === 'named') {
    switch (ty.def!.fullName) {
      case 'System.String':
        return (v) => (v === null || v === undefined ? '' : (v as string));
      case 'System.Char':
        return (v) => (v === null || v === undefined ? '' : String.fromCharCode(v as number));
      case 'System.Double':
        return (v) => (v === null || v === undefined ? '' : formatDouble(v as number));
      case 'System.Single':
        return (v) => (v === null || v === undefined ? '' : formatSingle(v as number));
      case 'System.Decimal':
        return (v) => (v === null || v === undefined ? '' : decimalToText(v as DecimalValue));
      case 'System.Nullable':
        return stringifierFor(ty.args[0]!);
    }
  }
  return toDotnetString;
}

/** `ToString(format)` / composite `{0:format}` for a value of a static type. */
export function formatWith(ty: Ty, v: unknown, format: string): string {
  if (v === null || v === undefined) return '';
  let name = ty.kind === 'named' ? ty.def!.fullName : '';
  if (name === 'System.Nullable') return formatWith(ty.args[0]!, v, format);
  let raw: unknown = v;
  if (v instanceof BoxedValue) {
    name = v.type;
    raw = v.value;
  } else if (ty.kind !== 'named' || name === 'System.Object') {
    name = runtimeTy(v).name;
  }
  switch (name) {
    case 'System.Int32':
    case 'System.Int16':
    case 'System.SByte':
      return formatInteger(raw as number, format, name === 'System.Int32' ? 32 : name === 'System.Int16' ? 16 : 8);
    case 'System.Byte':
      return formatInteger(raw as number, format, 8);
    case 'System.UInt16':
      return formatInteger(raw as number, format, 16);
    case 'System.UInt32':
      return formatInteger(raw as number, format, 32);
    case 'System.Int64':
    case 'System.UInt64':
      return formatInteger(raw as bigint, format, 64);
    case 'System.Double':
      return formatDouble(raw as number, format);
    case 'System.Single':
      return formatSingle(raw as number, format);
    case 'System.Decimal':
      return formatDecimalNumber(raw as DecimalValue, format);
    case 'System.String':
      return raw as string;
    case 'System.Char':
      return String.fromCharCode(raw as number);
  }
  if (raw instanceof EnumValue) return formatEnum(raw, format);
  const d = typeof raw === 'object' && raw !== null ? defOfObject(raw) : undefined;
  for (let cur = d; cur; cur = baseDef(cur)) if (cur.formatFn) return cur.formatFn(raw, format);
  return toDotnetString(unbox(raw));
}

function formatEnum(e: EnumValue, format: string): string {
  switch (format.toUpperCase()) {
    case '':
    case 'G':
    case 'F':
      return e.name;
    case 'D':
      return String(e.value);
    case 'X':
      return e.value.toString(16).toUpperCase().padStart(8, '0');
    default:
      throw dotnetError('System.FormatException', 'Format String can be only "G", "g", "X", "x", "F", "f", "D" or "d".');
  }
}

/** Applies composite-format alignment: positive pads left, negative pads right. */
export function align(text: string, width: number): string {
  return width >= 0 ? text.padStart(width) : text.padEnd(-width);
}
