import { describe, expect, it } from 'vitest';
import { editYaml } from '../../src/testing/yaml-edit.js';

describe('editYaml: in-place edits for --update', () => {
  it('fills an empty `expect:` with block lines at the case indentation', () => {
    expect(editYaml('cases:\n  - name: a\n    expect:\n  - name: b\n', [{ kind: 'set', path: ['cases', 0, 'expect'], value: { respond: { status: 401 } } }])).toBe(
      'cases:\n  - name: a\n    expect:\n      respond:\n        status: 401\n  - name: b\n',
    );
  });

  it('writes a flow case again as a flow map', () => {
    expect(editYaml('cases:\n  - { name: a }\n', [{ kind: 'set', path: ['cases', 0, 'expect'], value: { respond: { status: 401 } } }])).toBe(
      'cases:\n  - { name: a, expect: { respond: { status: 401 } } }\n',
    );
  });

  it('adds a missing key inside a flow map, quoting what plain text cannot hold', () => {
    expect(editYaml('e:\n  connect: { x: 1 }\n', [{ kind: 'set', path: ['e', 'connect', 'y', 'z'], value: 'a, b' }])).toBe('e:\n  connect: { x: 1, y: { z: "a, b" } }\n');
  });

  it('keeps CRLF line ends, in the lines it adds too', () => {
    expect(editYaml('c:\r\n  - name: a\r\n    h: { u: /x }\r\n', [{ kind: 'set', path: ['c', 0, 'e'], value: { s: 1 } }])).toBe('c:\r\n  - name: a\r\n    h: { u: /x }\r\n    e:\r\n      s: 1\r\n');
  });

  it('replaces a block scalar up to its last line, and deletes an entry with its lines', () => {
    expect(editYaml('a:\n  b: |\n    long\n    text\n  c: 2\n', [{ kind: 'set', path: ['a', 'b'], value: 'new\ntext' }])).toBe('a:\n  b: "new\\ntext"\n  c: 2\n');
    expect(editYaml('a:\n  b: 1 # gone\n  c: 2\n', [{ kind: 'delete', path: ['a', 'b'] }])).toBe('a:\n  c: 2\n');
  });

  it('keeps a scalar\'s quoting style', () => {
    expect(editYaml("a: 'x'   # c\nb: \"y\"\nc: z\n", [
      { kind: 'set', path: ['a'], value: "it's" },
      { kind: 'set', path: ['b'], value: 'w' },
      { kind: 'set', path: ['c'], value: '1' },
    ])).toBe("a: 'it''s'   # c\nb: \"w\"\nc: \"1\"\n");
  });
});
