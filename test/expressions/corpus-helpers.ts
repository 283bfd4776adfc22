/**
 * Reads every expression of the shared snippet corpus through the policy reader (test helper).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readPolicyFile } from '../../src/policy/index.js';
import type { ExpressionSource, PolicyElement } from '../../src/policy/tree.js';
import { corpusDir } from '../corpus.js';

export interface CorpusExpression {
  /** File relative to the corpus root. */
  file: string;
  source: ExpressionSource;
  /** APIM path of the element holding it. */
  path: string;
  /** The section the element is in ('inbound', …, or 'fragment'). */
  section: string;
  /** For a set-variable value: the variable's name. */
  setsVariable?: string;
}

/**
 * Named values the corpus uses as bare numbers in code; the others keep the reader's string placeholder
 * (and an OH201 diagnostic, which these tests ignore).
 */
export const NUMERIC_NAMED_VALUES = new Map(
  ['MyTrafficSplitApp_TrafficSplitWeight', 'TokenEncryptionKey', 'SessionCookieExpirationInSeconds', 'RefreshTokenExpirationInSeconds', 'CookieEncryptionKey'].map((n) => [
    n.toLowerCase(),
    { value: '1', secret: false },
  ]),
);

function policyFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...policyFiles(full));
    else if (name.endsWith('.xml')) out.push(full);
  }
  return out;
}

function collect(el: PolicyElement, section: string, file: string, out: CorpusExpression[]): void {
  const nameAttr = el.attributes.find((a) => a.name === 'name')?.value;
  const variable = el.name === 'set-variable' && nameAttr?.kind === 'literal' ? nameAttr.text : undefined;
  for (const a of el.attributes) {
    if (a.value.kind !== 'expression') continue;
    out.push({ file, source: a.value.expression, path: el.path, section, ...(variable && a.name === 'value' ? { setsVariable: variable } : {}) });
  }
  if (el.text?.kind === 'expression') out.push({ file, source: el.text.expression, path: el.path, section });
  for (const c of el.children) collect(c, section, file, out);
}

function responseVariableNames(el: PolicyElement, out: Set<string>): void {
  const name = el.attributes.find((a) => a.name === 'response-variable-name')?.value;
  if (name?.kind === 'literal') out.add(name.text);
  for (const c of el.children) responseVariableNames(c, out);
}

function literalVariables(el: PolicyElement, out: Map<string, string>): void {
  const name = el.attributes.find((a) => a.name === 'name')?.value;
  const value = el.attributes.find((a) => a.name === 'value')?.value;
  if (el.name === 'set-variable' && name?.kind === 'literal' && value?.kind === 'literal') out.set(name.text, value.text);
  for (const c of el.children) literalVariables(c, out);
}

/**
 * Every expression of the corpus, the files the reader could not read, and per file the variables its
 * send-requests store responses in (response-variable-name) and the literal values its set-variables store.
 * Nothing where the corpus is absent.
 */
export function corpusExpressions(): {
  expressions: CorpusExpression[];
  unreadable: string[];
  responseVariables: Map<string, string[]>;
  literalVariables: Map<string, Map<string, string>>;
} {
  const expressions: CorpusExpression[] = [];
  const unreadable: string[] = [];
  const responseVariables = new Map<string, string[]>();
  const literals = new Map<string, Map<string, string>>();
  for (const full of corpusDir ? policyFiles(corpusDir) : []) {
    const file = relative(corpusDir!, full);
    const r = readPolicyFile(full, { namedValues: NUMERIC_NAMED_VALUES });
    if (!r.document) {
      unreadable.push(file);
      continue;
    }
    const doc = r.document;
    for (const [section, elements] of Object.entries(doc.sections)) for (const el of elements) collect(el, section, file, expressions);
    for (const el of doc.elements) collect(el, 'fragment', file, expressions);
    const names = new Set<string>();
    const values = new Map<string, string>();
    for (const el of [...Object.values(doc.sections).flat(), ...doc.elements]) {
      responseVariableNames(el, names);
      literalVariables(el, values);
    }
    if (names.size) responseVariables.set(file, [...names]);
    if (values.size) literals.set(file, values);
  }
  return { expressions, unreadable, responseVariables, literalVariables: literals };
}
