/**
 * System.IO.TextReader/StringReader and TextWriter/StringWriter over a string (no files, no streams).
 * ReadLine splits on "\r\n", "\r" or "\n" as .NET does; WriteLine ends lines with "\r\n".
 * Dispose/Close make later reads throw ObjectDisposedException ("Cannot read from a closed TextReader.").
 */
import { checkStringLength } from '../../budget.js';
import { ctor, method, prop, registerType } from '../../registry.js';
import { displayString } from '../display.js';
import { argumentNull, fail } from '../fail.js';
import { compositeFormat } from '../string.js';
import { NEW_LINE } from '../stringbuilder.js';

export class StringReaderValue {
  pos = 0;
  closed = false;
  constructor(readonly text: string) {}
  private open(): void {
    if (this.closed) fail('System.ObjectDisposedException', 'Cannot read from a closed TextReader.');
  }
  peek(): number {
    this.open();
    return this.pos < this.text.length ? this.text.charCodeAt(this.pos) : -1;
  }
  read(): number {
    this.open();
    return this.pos < this.text.length ? this.text.charCodeAt(this.pos++) : -1;
  }
  readLine(): string | null {
    this.open();
    if (this.pos >= this.text.length) return null;
    const rest = this.text.slice(this.pos);
    const m = /\r\n|\r|\n/.exec(rest);
    if (!m) {
      this.pos = this.text.length;
      return rest;
    }
    this.pos += m.index + m[0].length;
    return rest.slice(0, m.index);
  }
  /** The unread rest (for XmlReader.Create). */
  readToEnd(): string {
    this.open();
    const rest = this.text.slice(this.pos);
    this.pos = this.text.length;
    return rest;
  }
}

export class StringWriterValue {
  text = '';
  write(s: string): void {
    checkStringLength(this.text.length + s.length);
    this.text += s;
  }
}

registerType({ name: 'System.ObjectDisposedException', base: 'System.InvalidOperationException' });

registerType({
  name: 'System.IO.TextReader',
  interfaces: ['System.IDisposable'],
  members: {
    Peek: method('() => int', (r: StringReaderValue) => r.peek()),
    Read: method('() => int', (r: StringReaderValue) => r.read()),
    ReadLine: method('() => string', (r: StringReaderValue) => r.readLine()),
    ReadToEnd: method('() => string', (r: StringReaderValue) => r.readToEnd()),
    Close: method('() => void', (r: StringReaderValue) => void (r.closed = true)),
    Dispose: method('() => void', (r: StringReaderValue) => void (r.closed = true)),
  },
});

registerType({
  name: 'System.IO.StringReader',
  base: 'System.IO.TextReader',
  jsClass: StringReaderValue,
  constructors: [ctor('(string s)', (s: string | null) => new StringReaderValue(s ?? argumentNull('s')))],
  toString: () => 'System.IO.StringReader',
});

const write = (sig: string, show: (...a: never[]) => string, line: boolean) =>
  method(`${sig} => void`, (w: StringWriterValue, ...a: never[]) => w.write(line ? show(...a) + NEW_LINE : show(...a)));

const writeOverloads = (line: boolean) => [
  write('(string value)', (s: string | null) => s ?? '', line),
  write('(char value)', (c: number) => String.fromCharCode(c), line),
  write('(object value)', (v: unknown) => displayString(v), line),
  write('(string format, params object[] arg)', (f: string | null, args: unknown[]) => compositeFormat(f, args), line),
];

registerType({
  name: 'System.IO.TextWriter',
  interfaces: ['System.IDisposable'],
  members: {
    Write: writeOverloads(false),
    WriteLine: [method('() => void', (w: StringWriterValue) => w.write(NEW_LINE)), ...writeOverloads(true)],
    NewLine: prop('string', () => NEW_LINE),
    Flush: method('() => void', () => undefined),
    Close: method('() => void', () => undefined),
    Dispose: method('() => void', () => undefined),
  },
});

registerType({
  name: 'System.IO.StringWriter',
  base: 'System.IO.TextWriter',
  jsClass: StringWriterValue,
  constructors: [ctor('()', () => new StringWriterValue())],
  members: {
    ToString: method('() => string', (w: StringWriterValue) => w.text),
  },
  toString: (w: StringWriterValue) => w.text,
  toJson: (w: StringWriterValue) => w.text,
});
