import { describe, expect, it } from 'vitest';
import { diagnostic, formatDiagnosticsHuman, formatDiagnosticsJson, summarize } from '../../src/policy/index.js';

const source = '<policies>\n\t<inbound>\n\t\t<set-header name="Host" />\r\n\t</inbound>\n</policies>\n';
const d = diagnostic('error', 'OH503', "set-header cannot change 'Host'", { file: 'p.xml', line: 3, column: 20 }, 'policies/inbound/set-header[1]');

describe('formatDiagnosticsHuman', () => {
  it('follows the compiler convention, with the line, a caret under the column and the path', () => {
    const out = formatDiagnosticsHuman([d], new Map([['p.xml', source]]));
    expect(out).toBe(
      [
        "p.xml:3:20: error OH503: set-header cannot change 'Host'",
        ' 3 | \t\t<set-header name="Host" />',
        '   | \t\t                 ^',
        '   at policies/inbound/set-header[1]',
        '',
      ].join('\n'),
    );
  });

  it('colours only when asked', () => {
    expect(formatDiagnosticsHuman([d], new Map([['p.xml', source]]))).not.toContain('\x1b[');
    expect(formatDiagnosticsHuman([d], new Map([['p.xml', source]]), { color: true })).toContain('\x1b[1;31merror OH503:');
  });

  it('shows a window of very long lines, and no source line when the source is unknown', () => {
    const long = 'x'.repeat(5000) + 'Y' + 'x'.repeat(5000);
    const out = formatDiagnosticsHuman([{ ...d, line: 1, column: 5001 }], () => long);
    const [, shown, caret] = out.split('\n');
    expect(shown!.length).toBeLessThan(200);
    expect(shown!.charAt(caret!.indexOf('^'))).toBe('Y');
    expect(formatDiagnosticsHuman([d], new Map())).toBe("p.xml:3:20: error OH503: set-header cannot change 'Host'\n   at policies/inbound/set-header[1]\n");
  });

  it('replaces control characters so the terminal is safe', () => {
    const out = formatDiagnosticsHuman([{ ...d, line: 1, column: 2, path: undefined as never }], () => 'a\u0000\u001bb');
    expect(out).toContain('a??b');
  });
});

describe('formatDiagnosticsJson', () => {
  it('has exactly the published shape', () => {
    const warning = diagnostic('warning', 'OH202', 'no named values', { file: 'p.xml', line: 1, column: 1 });
    expect(JSON.parse(formatDiagnosticsJson([{ file: 'p.xml', diagnostics: [d, warning] }, { file: 'q.xml', diagnostics: [] }]))).toEqual({
      files: [
        {
          file: 'p.xml',
          diagnostics: [
            { severity: 'error', code: 'OH503', message: "set-header cannot change 'Host'", line: 3, column: 20, path: 'policies/inbound/set-header[1]' },
            { severity: 'warning', code: 'OH202', message: 'no named values', line: 1, column: 1, path: null },
          ],
        },
        { file: 'q.xml', diagnostics: [] },
      ],
    });
  });

  it('summarizes counts', () => {
    expect(summarize([d, d])).toBe('2 errors, 0 warnings');
  });
});
