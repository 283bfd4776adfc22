/**
 * `onhandshake eval 'EXPR' [--context ctx.json] [--format json]` — evaluate one policy expression
 * against a context given as JSON (see docs/expressions.md for the file's shape) and print its
 * ToString() and .NET type. EXPR is the text inside `@( )` or `@{ }`, or the whole `@(…)`, `@{…}` or
 * `@jsonata(…)`. Exit codes: 0 value printed, 1 compile or evaluation error, 2 usage error.
 */
import { readFileSync } from 'node:fs';
import { compileExpression, dotnet, ExpressionEvaluationError } from '../expressions/index.js';
import { sourceOf } from '../expressions/host/typed-source.js';
import { stateFromJson, type ContextFile } from '../expressions/host/state-from-json.js';
import { nearestName } from '../policy/nearest-name.js';
import { helpText, usageError, type CommandDescription } from './command-line.js';

const USAGE = `usage: onhandshake eval 'EXPR' [--context ctx.json] [--format text|json]

Evaluates one C# policy expression (or @jsonata(…)) and prints its ToString() and .NET type.
EXPR is the text inside @( ) or @{ }, or the whole @(…), @{…} or @jsonata(…).

  --context FILE   JSON context: request (method, url, headers, ipAddress, matchedParameters),
                   variables (send-request responses as {statusCode, headers, body}), api,
                   operation, product, subscription, user, deployment, lastError
  --format json    {"type","text","value"} or {"error":{"type","message","line","column"}}
`;

const COMMAND: CommandDescription = {
  name: 'eval',
  usage: USAGE,
  exitCodes: { 0: 'the value was printed', 1: 'compile or evaluation error', 2: 'usage error (or an unreadable context file)' },
};

interface Args {
  code?: string;
  context?: string;
  format: 'text' | 'json';
}

function parseArgs(argv: string[]): Args | string {
  const args: Args = { format: 'text' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--context' || a === '-c') {
      const v = argv[++i];
      if (!v) return '--context needs a file';
      args.context = v;
    } else if (a.startsWith('--context=')) args.context = a.slice('--context='.length);
    else if (a === '--format' || a === '-f') {
      const v = argv[++i];
      if (v !== 'json' && v !== 'text') return `--format must be text or json, not '${v ?? ''}'`;
      args.format = v;
    } else if (a.startsWith('--format=')) {
      const v = a.slice('--format='.length);
      if (v !== 'json' && v !== 'text') return `--format must be text or json, not '${v}'`;
      args.format = v;
    } else if (a.startsWith('--') && a !== '--') {
      const near = nearestName(a.slice(2).split('=')[0]!, ['context', 'format', 'help']);
      return `unknown option '${a.split('=')[0]}'${near ? ` (did you mean '--${near}'?)` : ''}`;
    }
    else if (args.code === undefined) args.code = a === '--' ? argv[++i] : a;
    else return `unexpected argument '${a}' (quote the expression)`;
  }
  if (args.code === undefined || args.code.trim() === '') return 'an expression is required';
  return args;
}

export default async function evalCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(helpText(COMMAND));
    return 0;
  }
  const args = parseArgs(argv);
  if (typeof args === 'string') return usageError(COMMAND, args);
  let context: ContextFile = {};
  if (args.context) {
    try {
      context = JSON.parse(readFileSync(args.context, 'utf8')) as ContextFile;
    } catch (e) {
      process.stderr.write(`onhandshake eval: cannot read context file ${args.context}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
    if (!context || typeof context !== 'object' || Array.isArray(context)) {
      process.stderr.write(`onhandshake eval: ${args.context}: the context must be a JSON object\n`);
      return 2;
    }
  }
  const json = args.format === 'json';
  const candidates = sourceOf(args.code!);
  let compiled = compileExpression(candidates[0]!);
  if (!compiled.evaluator && candidates[1]) {
    const asBlock = compileExpression(candidates[1]);
    if (asBlock.evaluator || compiled.diagnostics[0]?.code === 'OH300') compiled = asBlock.evaluator ? asBlock : compiled;
  }
  if (!compiled.evaluator) {
    const d = compiled.diagnostics[0]!;
    if (json) process.stdout.write(JSON.stringify({ error: { type: 'CompileError', code: d.code, message: d.message, line: d.line, column: d.column } }) + '\n');
    else process.stderr.write(`${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}\n`);
    return 1;
  }
  const traces: string[] = [];
  let state;
  try {
    state = stateFromJson(context, (source, message) => traces.push(`${source}: ${message}`));
  } catch (e) {
    process.stderr.write(`onhandshake eval: ${args.context}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  try {
    const value = await compiled.evaluator.evaluate(state);
    const type = value === null || value === undefined ? null : dotnet.typeName(value);
    const text = dotnet.toString(value);
    if (json) process.stdout.write(JSON.stringify({ type, text, value: dotnet.toJson(value) }) + '\n');
    else {
      for (const t of traces) process.stderr.write(`trace ${t}\n`);
      process.stdout.write(`${text}\n(${type ?? 'null'})\n`);
    }
    return 0;
  } catch (e) {
    if (!(e instanceof ExpressionEvaluationError)) throw e;
    if (json) process.stdout.write(JSON.stringify({ error: { type: e.dotnetType, message: e.dotnetMessage, line: e.line, column: e.column } }) + '\n');
    else process.stderr.write(`${e.file}:${e.line}:${e.column}: ${e.dotnetType}: ${e.dotnetMessage}\n`);
    return 1;
  }
}
