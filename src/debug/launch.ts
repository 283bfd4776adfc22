/**
 * What a `launch` request runs: one handshake, prepared the way the rest of the tool prepares it —
 * a policy test case through src/testing (its loader, prepare, handshake builder and mocks), or a
 * `trace` input (policy file, handshake URL and headers, mock file) through loadPolicy.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { CompiledGraph } from '../graph/execute.js';
import type { HandshakeInput, HandshakeRun, StepGraph } from '../steps/runtime/contract.js';
import type { StepHook } from '../steps/runtime/step-hook.js';
import type { Step } from '../steps/runtime/step.js';
import type { PolicyElement } from '../policy/tree.js';
import { policySteps } from '../testing/policy-steps.js';
import { loadPolicy } from '../graph/load-policy.js';
import { loadMockFile, MockCalloutClient, MockFileError } from '../graph/mock-callouts.js';
import { simulatedInput } from '../graph/simulated-input.js';
import type { Diagnostic } from '../policy/diagnostics.js';
import { MemoryStore } from '../store/memory.js';
import { mergeHandshake } from '../testing/handshake.js';
import { loadTestFile } from '../testing/load.js';
import { prepareTarget } from '../testing/prepare.js';
import type { MockSpec } from '../testing/format.js';

/** The launch configuration's fields (the VS Code extension's package.json documents them). */
export interface LaunchArguments {
  /** A `*.test.yaml` file and the name of one of its cases. */
  test?: string;
  case?: string;
  /** Or a policy file run as `onhandshake trace` would. */
  policy?: string;
  handshake?: { url?: string; headers?: Record<string, string>; backend?: string };
  mock?: string;
  namedValues?: Record<string, string>;
  fragments?: string;
  /** Relative paths are resolved against this folder (default: the adapter's working directory). */
  cwd?: string;
  stopOnEntry?: boolean;
  /** Stop where an error is raised, before on-error runs (default true). */
  stopOnError?: boolean;
  /** Show secrets, JWTs and credential query values unmasked in variables and evaluate (default false). */
  revealSecrets?: boolean;
}

export interface CalloutRecord {
  method: string;
  url: string;
  outcome: string;
}

export interface DebugTarget {
  /** The policy elements that run as steps (where breakpoints can go). */
  statements: PolicyElement[];
  /** Runs the handshake with the debugger's hook. */
  start(hook: StepHook): Promise<HandshakeRun>;
  /** The callouts made so far, for the Variables view. */
  calls(): CalloutRecord[];
  secrets: readonly string[];
  /** What runs, in one line ("case 'happy path' of signalr-chat.test.yaml"). */
  title: string;
}

export class LaunchError extends Error {}

export async function prepareLaunch(args: LaunchArguments): Promise<DebugTarget> {
  const cwd = args.cwd ?? process.cwd();
  if (args.test !== undefined) return prepareTestCase(resolve(cwd, args.test), args.case, cwd);
  if (args.policy !== undefined) return preparePolicy(resolve(cwd, args.policy), args, cwd);
  throw new LaunchError('launch needs `test` (a *.test.yaml file) and `case`, or `policy` (a policy XML file)');
}

/** A file as the user would name it: relative to the working folder when it is inside it. */
function shown(file: string, cwd: string): string {
  const r = relative(cwd, file);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : file;
}

async function prepareTestCase(file: string, caseName: string | undefined, cwd: string): Promise<DebugTarget> {
  const loaded = loadTestFile(file);
  const problem = loaded.problems[0];
  if (problem || !loaded.spec) throw new LaunchError(problem ? `${problem.file}:${problem.line}:${problem.column}: ${problem.message}` : `${file}: cannot load the test file`);
  const spec = loaded.spec;
  const names = spec.cases.map((c) => c.name);
  const chosen = spec.cases.find((c) => c.name === caseName);
  if (!chosen) throw new LaunchError(`${file}: ${caseName === undefined ? 'give `case`,' : `no case named '${caseName}';`} its cases are ${names.map((n) => `'${n}'`).join(', ')}`);
  const target = await prepareTarget(loaded);
  const graph = compiledOrThrow(target.graph, target.diagnostics);
  // A gateway configuration's graph is chosen per product at run time: its API's own merged policy
  // (what coverage and blame read) says where steps are.
  const statements = graph instanceof CompiledGraph ? statementsOf(graph) : policySteps(target.sections).filter((s) => s.kind === 'step').map((s) => s.element);
  const input = target.buildInput(mergeHandshake(spec.defaults?.handshake, chosen.handshake), `${loaded.file}#${chosen.name}`);
  const mocks: MockSpec[] = [...(chosen.mocks ?? []), ...(spec.defaults?.mocks ?? [])];
  const callouts = target.callouts(mocks);
  return {
    statements,
    // As the test runner runs a case: its mocks, its secrets, a store of its own.
    start: (hook) => graph.run(input, { callouts: callouts.client, secrets: target.secrets, store: new MemoryStore(), hook }),
    calls: () => callouts.calls.map((c) => ({ method: c.method, url: c.url, outcome: c.error ?? (c.status !== undefined ? String(c.status) : 'pending') })),
    secrets: target.secrets,
    title: `case '${chosen.name}' of ${shown(file, cwd)}`,
  };
}

function preparePolicy(file: string, args: LaunchArguments, cwd: string): DebugTarget {
  const namedValues = args.namedValues ? new Map(Object.entries(args.namedValues).map(([k, v]) => [k.toLowerCase(), { value: String(v), secret: false }])) : undefined;
  const loaded = loadPolicy(file, { ...(namedValues ? { namedValues } : {}), ...(args.fragments ? { fragmentsDir: resolve(cwd, args.fragments) } : {}) });
  const graph = compiledOrThrow(loaded.compiled?.graph, loaded.diagnostics);
  if (!(graph instanceof CompiledGraph)) throw new LaunchError(`${file}: not a compiled step graph`);
  let mocks: MockCalloutClient;
  try {
    mocks = new MockCalloutClient(args.mock !== undefined ? loadMockFile(resolve(cwd, args.mock)) : []);
  } catch (e) {
    if (e instanceof MockFileError) throw new LaunchError(e.message);
    throw e;
  }
  let input: HandshakeInput;
  try {
    input = simulatedInput({
      ...(args.handshake?.url ? { url: args.handshake.url } : {}),
      headers: Object.entries(args.handshake?.headers ?? {}),
      ...(args.handshake?.backend ? { serviceUrl: args.handshake.backend } : {}),
    });
  } catch (e) {
    throw new LaunchError(`handshake.url: ${(e as Error).message}`);
  }
  return {
    statements: statementsOf(graph),
    start: (hook) => graph.run(input, { callouts: mocks, secrets: loaded.secrets, store: new MemoryStore(), hook }),
    calls: () => mocks.calls.map((c) => ({ method: c.method, url: c.url, outcome: c.mock !== null ? `mock ${c.mock}: ${c.outcome}` : c.outcome })),
    secrets: loaded.secrets,
    title: `${shown(file, cwd)} (${input.url})`,
  };
}

function compiledOrThrow(graph: StepGraph | undefined, diagnostics: readonly Diagnostic[]): StepGraph {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!graph || errors.length > 0) {
    const first = errors[0];
    throw new LaunchError(first ? `the policy does not compile: ${first.file}:${first.line}:${first.column}: ${first.code} ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}` : 'the policy does not compile');
  }
  return graph;
}

/** The elements of a compiled graph's steps, nested ones included. */
export function statementsOf(graph: CompiledGraph): PolicyElement[] {
  const out: PolicyElement[] = [];
  const visit = (steps: readonly Step[]) => {
    for (const s of steps) {
      out.push(s.element);
      for (const b of s.branches ?? []) visit(b.steps);
    }
  };
  for (const steps of Object.values(graph.sections)) visit(steps);
  return out;
}
