/** Placeholder replaced below. */
import type { CompileExpressionOptions, ExpressionCompileResult } from './contract.js';
import type { ExpressionSource } from '../policy/tree.js';
export function compileJsonata(source: ExpressionSource, options: CompileExpressionOptions): ExpressionCompileResult {
  void options;
  void source;
  return { diagnostics: [] };
}
