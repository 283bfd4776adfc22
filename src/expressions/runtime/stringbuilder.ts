/**
 * System.Text.StringBuilder. AppendLine ends lines with "\r\n" (Environment.NewLine on the Windows
 * hosts of managed APIM gateways). Growth is capped by the evaluation budget's string limit.
 */
import { checkStringLength } from '../budget.js';
import { ctor, indexer, method, prop, registerType } from '../registry.js';
import { displayString } from './display.js';
import { fail } from './fail.js';
import { compositeFormat } from './string.js';

export const NEW_LINE = '\r\n';

export class StringBuilderValue {
  constructor(public text = '') {}
  append(s: string): StringBuilderValue {
    checkStringLength(this.text.length + s.length);
    this.text += s;
    return this;
  }
}

const SB = 'System.Text.StringBuilder';

function range(sb: StringBuilderValue, start: number, length: number, what = 'length'): void {
  if (start < 0) fail('System.ArgumentOutOfRangeException', "StartIndex cannot be less than zero. (Parameter 'startIndex')");
  if (length < 0) fail('System.ArgumentOutOfRangeException', `Length cannot be less than zero. (Parameter '${what}')`);
  if (start + length > sb.text.length) fail('System.ArgumentOutOfRangeException', `Index and length must refer to a location within the string. (Parameter '${what}')`);
}

const append = (type: string, show: (v: never) => string) => method(`(${type} value) => ${SB}`, (sb: StringBuilderValue, v: never) => sb.append(show(v)));

registerType({
  name: SB,
  jsClass: StringBuilderValue,
  constructors: [
    ctor('()', () => new StringBuilderValue()),
    ctor('(int capacity)', (n: number) => {
      if (n < 0) fail('System.ArgumentOutOfRangeException', "'capacity' must be greater than zero. (Parameter 'capacity')");
      return new StringBuilderValue();
    }),
    ctor('(string value)', (s: string | null) => new StringBuilderValue(s ?? '')),
    ctor('(string value, int capacity)', (s: string | null) => new StringBuilderValue(s ?? '')),
  ],
  members: {
    Length: prop(
      'int',
      (sb: StringBuilderValue) => sb.text.length,
      (sb: StringBuilderValue, n: number) => {
        if (n < 0) fail('System.ArgumentOutOfRangeException', "Length cannot be less than zero. (Parameter 'value')");
        checkStringLength(n);
        sb.text = n <= sb.text.length ? sb.text.slice(0, n) : sb.text + '\0'.repeat(n - sb.text.length);
      },
    ),
    Capacity: prop('int', (sb: StringBuilderValue) => Math.max(16, sb.text.length)),
    Append: [
      append('string', (s: string | null) => s ?? ''),
      append('char', (c: number) => String.fromCharCode(c)),
      append('object', (v: unknown) => displayString(v)),
      method(`(char value, int repeatCount) => ${SB}`, (sb: StringBuilderValue, c: number, n: number) => {
        if (n < 0) fail('System.ArgumentOutOfRangeException', "Count cannot be less than zero. (Parameter 'repeatCount')");
        checkStringLength(sb.text.length + n);
        return sb.append(String.fromCharCode(c).repeat(n));
      }),
      method(`(string value, int startIndex, int count) => ${SB}`, (sb: StringBuilderValue, s: string | null, i: number, n: number) => {
        const text = s ?? '';
        if (i < 0 || n < 0 || i + n > text.length) fail('System.ArgumentOutOfRangeException', "Index and count must refer to a location within the string. (Parameter 'value')");
        return sb.append(text.slice(i, i + n));
      }),
    ],
    AppendLine: [
      method(`() => ${SB}`, (sb: StringBuilderValue) => sb.append(NEW_LINE)),
      method(`(string value) => ${SB}`, (sb: StringBuilderValue, s: string | null) => sb.append((s ?? '') + NEW_LINE)),
    ],
    AppendFormat: method(`(string format, params object[] args) => ${SB}`, (sb: StringBuilderValue, f: string | null, args: unknown[]) => sb.append(compositeFormat(f, args))),
    Insert: [
      method(`(int index, string value) => ${SB}`, (sb: StringBuilderValue, i: number, s: string | null) => {
        if (i < 0 || i > sb.text.length) fail('System.ArgumentOutOfRangeException', "Index was out of range. Must be non-negative and less than or equal to the size of the collection. (Parameter 'index')");
        checkStringLength(sb.text.length + (s ?? '').length);
        sb.text = sb.text.slice(0, i) + (s ?? '') + sb.text.slice(i);
        return sb;
      }),
      method(`(int index, object value) => ${SB}`, (sb: StringBuilderValue, i: number, v: unknown) => {
        if (i < 0 || i > sb.text.length) fail('System.ArgumentOutOfRangeException', "Index was out of range. Must be non-negative and less than or equal to the size of the collection. (Parameter 'index')");
        sb.text = sb.text.slice(0, i) + displayString(v) + sb.text.slice(i);
        return sb;
      }),
    ],
    Remove: method(`(int startIndex, int length) => ${SB}`, (sb: StringBuilderValue, i: number, n: number) => {
      range(sb, i, n);
      sb.text = sb.text.slice(0, i) + sb.text.slice(i + n);
      return sb;
    }),
    Replace: [
      method(`(string oldValue, string newValue) => ${SB}`, (sb: StringBuilderValue, a: string | null, b: string | null) => {
        if (a === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'oldValue')");
        if (a === '') fail('System.ArgumentException', "The value cannot be an empty string. (Parameter 'oldValue')");
        sb.text = sb.text.split(a).join(b ?? '');
        checkStringLength(sb.text.length);
        return sb;
      }),
      method(`(char oldChar, char newChar) => ${SB}`, (sb: StringBuilderValue, a: number, b: number) => {
        sb.text = sb.text.split(String.fromCharCode(a)).join(String.fromCharCode(b));
        return sb;
      }),
    ],
    Clear: method(`() => ${SB}`, (sb: StringBuilderValue) => {
      sb.text = '';
      return sb;
    }),
    EnsureCapacity: method('(int capacity) => int', (sb: StringBuilderValue, n: number) => Math.max(n, sb.text.length, 16)),
    ToString: [
      method('() => string', (sb: StringBuilderValue) => sb.text),
      method('(int startIndex, int length) => string', (sb: StringBuilderValue, i: number, n: number) => {
        range(sb, i, n);
        return sb.text.slice(i, i + n);
      }),
    ],
  },
  indexers: [
    indexer(
      '(int index) => char',
      (sb: StringBuilderValue, i: number) => {
        if (i < 0 || i >= sb.text.length) fail('System.IndexOutOfRangeException', 'Index was outside the bounds of the array.');
        return sb.text.charCodeAt(i);
      },
      (sb: StringBuilderValue, i: number, c: number) => {
        if (i < 0 || i >= sb.text.length) fail('System.ArgumentOutOfRangeException', "Index was out of range. Must be non-negative and less than the size of the collection. (Parameter 'index')");
        sb.text = sb.text.slice(0, i) + String.fromCharCode(c) + sb.text.slice(i + 1);
      },
    ),
  ],
  toString: (sb: StringBuilderValue) => sb.text,
  toJson: (sb: StringBuilderValue) => sb.text,
});
