/**
 * The .NET `ToString()` of any runtime value, for members that take `object` (Convert.ToString,
 * StringBuilder.Append(object), string.Join over LINQ results …). Registered types answer through their
 * `toString`; numbers follow the value model (a bare integer is an int, a bigint a long).
 */
import { defOfObject } from '../registry.js';
import { BoxedValue, EnumValue } from '../values.js';
import { formatDecimalNumber, formatDouble, formatInteger, formatSingle } from './number-format.js';

export function displayString(value: unknown): string {
  if (value === null || value === undefined) return '';
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? 'True' : 'False';
    case 'number':
      return Number.isInteger(value) && !Object.is(value, -0) ? String(value) : formatDouble(value);
    case 'bigint':
      return value.toString();
    case 'function':
      return 'System.Func`1';
  }
  if (value instanceof BoxedValue) return boxedString(value);
  if (value instanceof EnumValue) return value.name;
  if (value instanceof Uint8Array) return 'System.Byte[]';
  const def = defOfObject(value as object);
  if (def?.toStringFn) return def.toStringFn(value);
  if (Array.isArray(value)) return 'System.Object[]';
  return def ? def.fullName : 'System.Object';
}

function boxedString(b: BoxedValue): string {
  switch (b.type) {
    case 'System.Double':
      return formatDouble(Number(b.value));
    case 'System.Single':
      return formatSingle(Number(b.value));
    case 'System.Decimal':
      return formatDecimalNumber(Number(b.value));
    case 'System.Char':
      return String.fromCharCode(Number(b.value));
    default:
      return formatInteger(b.value);
  }
}
