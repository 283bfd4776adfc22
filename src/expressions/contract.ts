/**
 * What the rest of the engine may rely on from src/expressions (implemented in ./index.ts).
 * Values are opaque .NET-like runtime values: steps never inspect them directly, they go
 * through `dotnet.*` to turn them into strings, booleans, JSON or IResponse objects.
 */
import type { Diagnostic } from '../policy/diagnostics.js';
import type { ExpressionSource } from '../policy/tree.js';
import type { HeaderBag } from '../common/headers.js';
import type { HandshakeState } from '../model/state.js';

export interface EvaluationBudget {
  /** Interpreter steps allowed per evaluation (loop iterations, calls …). */
  maxSteps: number;
  /** Wall time allowed per evaluation, in milliseconds. */
  maxMillis: number;
  /** Steps allowed to all the evaluations of one handshake together. */
  handshakeMaxSteps: number;
  /** Wall time allowed to all the evaluations of one handshake together, in milliseconds. */
  handshakeMaxMillis: number;
  /** Expression time all handshakes together may spend per second before heavy evaluations are cut short. */
  gatewayMillisPerSecond: number;
}

export interface CompileExpressionOptions {
  budget?: Partial<EvaluationBudget>;
}

export interface Evaluator {
  readonly source: ExpressionSource;
  /** jsonata evaluators are asynchronous; C# ones return a Promise only while a regex runs in the worker pool. */
  readonly isAsync: boolean;
  /** Returns the value (or a Promise of it when isAsync); throws ExpressionEvaluationError. */
  evaluate(state: HandshakeState): unknown;
}

export interface ExpressionCompileResult {
  evaluator?: Evaluator;
  /** OH3xx diagnostics located in the policy file. */
  diagnostics: Diagnostic[];
}

/** A runtime failure, shaped like the .NET exception a C# author expects. */
export interface ExpressionFailure {
  /** e.g. `System.NullReferenceException` */
  dotnetType: string;
  /** e.g. `Object reference not set to an instance of an object.` */
  dotnetMessage: string;
  file: string;
  line: number;
  column: number;
}

/** The value helpers steps use (exported from ./index.ts as `dotnet`). */
export interface DotnetValueHelpers {
  /** C# `ToString()` of the value as APIM renders it into an attribute (null → ''). */
  toString(value: unknown): string;
  /** A condition's value: must be a bool; otherwise throws an ExpressionEvaluationError-like InvalidCastException. */
  toBoolean(value: unknown): boolean;
  /** The .NET type name, e.g. `System.String`, `Newtonsoft.Json.Linq.JObject`. */
  typeName(value: unknown): string;
  /** A JSON rendering for traces and `eval --format json`. */
  toJson(value: unknown): unknown;
  /** A System.String value from a literal. */
  fromString(text: string): unknown;
  /** The IResponse a send-request stores in its variable. */
  createResponse(init: { statusCode: number; statusReason: string; headers: HeaderBag; body: Buffer }): unknown;
  /** Reads back a stored IResponse (for return-response response-variable-name), or undefined if not one. */
  readResponse(value: unknown): { statusCode: number; statusReason: string; headers: HeaderBag; body: Buffer } | undefined;
}
