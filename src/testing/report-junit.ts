/**
 * JUnit XML for CI systems, shaped to the strictest common schema (Apache Ant's JUnit.xsd as
 * published by windyroad, which Jenkins, GitLab, Azure Pipelines and GitHub reporters all accept):
 * `<testsuites>` without attributes; per test file a `<testsuite>` with package, id, name, timestamp,
 * hostname, tests, failures, errors, time, then `<properties>`, the `<testcase>`s, `<system-out>` and
 * `<system-err>`; a failing case carries `<failure message type>` with the readable report as text.
 */
import { hostname } from 'node:os';
import { displayPath } from './display-path.js';
import type { FileResult } from './runner.js';
import { formatCase } from './report-console.js';

export interface JunitOptions {
  cwd?: string;
  /** Fixed for tests; default now. */
  timestamp?: Date;
  hostname?: string;
}

/** Text safe for XML 1.0: escaped, with characters XML cannot carry replaced. */
export function xmlText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** An attribute value: xs:token wants no line breaks or runs of spaces. */
function attr(text: string): string {
  return xmlText(text.replace(/\s+/g, ' ').trim());
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);
const plain = (_style: string, text: string) => text;

export function formatJunit(results: readonly FileResult[], options: JunitOptions = {}): string {
  const cwd = options.cwd ?? process.cwd();
  // xs:dateTime without a zone, as the Ant schema's pattern requires.
  const timestamp = (options.timestamp ?? new Date()).toISOString().slice(0, 19);
  const host = options.hostname ?? (hostname() || 'localhost');
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites>'];
  results.forEach((r, id) => {
    const name = displayPath(r.file, cwd);
    const classname = name.replace(/\.test\.ya?ml$/, '').replace(/[\\/]/g, '.');
    const cases: string[] = [];
    let failures = 0;
    let errors = 0;
    const broken = [...r.problems.map((p) => `${displayPath(p.file, cwd)}:${p.line}:${p.column}: ${p.message}`)];
    if (broken.length) {
      errors++;
      cases.push(
        `    <testcase name="(test file)" classname="${attr(classname)}" time="0.000">`,
        `      <error message="${attr(`the test file has ${broken.length} problem(s)`)}" type="TestFileError">${xmlText(broken.join('\n'))}</error>`,
        '    </testcase>',
      );
    }
    for (const c of r.cases) {
      const open = `    <testcase name="${attr(c.name)}" classname="${attr(classname)}" time="${seconds(c.durationMs)}"`;
      if (c.status === 'pass') {
        cases.push(`${open}/>`);
        continue;
      }
      const details = formatCase(c, cwd, plain).slice(1).join('\n');
      if (c.status === 'error') {
        errors++;
        const message = (c.error ?? 'error').split('\n')[0]!;
        cases.push(`${open}>`, `      <error message="${attr(message)}" type="CaseError">${xmlText(details)}</error>`, '    </testcase>');
      } else {
        failures++;
        const message = c.failures.map((f) => f.message).join('; ');
        cases.push(`${open}>`, `      <failure message="${attr(message)}" type="ExpectationFailed">${xmlText(details)}</failure>`, '    </testcase>');
      }
    }
    const diagnostics = r.diagnostics.map((d) => `${displayPath(d.file, cwd)}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`);
    const tests = r.cases.length + (broken.length ? 1 : 0);
    out.push(
      `  <testsuite package="onhandshake" id="${id}" name="${attr(name)}" timestamp="${timestamp}" hostname="${attr(host)}" ` +
        `tests="${tests}" failures="${failures}" errors="${errors}" time="${seconds(r.durationMs)}">`,
      '    <properties>',
      ...(r.loaded.spec?.policy ? [`      <property name="policy" value="${attr(r.loaded.spec.policy)}"/>`] : []),
      ...(r.loaded.spec?.config ? [`      <property name="config" value="${attr(r.loaded.spec.config)}"/>`] : []),
      '    </properties>',
      ...cases,
      '    <system-out/>',
      diagnostics.length ? `    <system-err>${xmlText(diagnostics.join('\n'))}</system-err>` : '    <system-err/>',
      '  </testsuite>',
    );
  });
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
