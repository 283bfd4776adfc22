/** An expression as typed at a prompt (`onhandshake eval`, the debugger's evaluate) → the sources to compile. */
import type { ExpressionSource } from '../../policy/tree.js';
import { sourceFromString } from '../index.js';

/** Picks the dialect and strips `@( )`, `@{ }` or `@jsonata( )`, keeping positions relative to what was typed. */
export function sourceOf(text: string): ExpressionSource[] {
  const lead = text.length - text.trimStart().length;
  const t = text.trim();
  const origin = (skip: number) => ({ line: 1, column: lead + skip + 1 });
  if (t.startsWith('@jsonata(') && t.endsWith(')')) return [sourceFromString(t.slice(9, -1), 'jsonata', '<eval>', origin(9))];
  if (t.startsWith('@(') && t.endsWith(')')) return [sourceFromString(t.slice(2, -1), 'expression', '<eval>', origin(2))];
  if (t.startsWith('@{') && t.endsWith('}')) return [sourceFromString(t.slice(2, -1), 'block', '<eval>', origin(2))];
  // Bare text: an expression, or the statements of a block.
  return [sourceFromString(text, 'expression', '<eval>'), sourceFromString(text, 'block', '<eval>')];
}
