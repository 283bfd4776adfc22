/**
 * The two ways a step leaves the normal flow: a PolicyError (APIM's "error" → on-error with
 * context.LastError) and a Halt (return-response: the pipeline ends with that response).
 */
import type { HeaderBag } from '../../common/headers.js';

/** APIM's predefined LastError reasons that this engine produces. */
export type ErrorReason =
  | 'Timeout'
  | 'BackendConnectionFailure'
  | 'ExpressionValueEvaluationFailure'
  | 'PolicyConfigurationError'
  | (string & {});

export interface ErrorResponse {
  statusCode: number;
  statusReason: string;
  headers?: HeaderBag;
  body?: Buffer;
}

export class PolicyError extends Error {
  /** LastError.Source: the policy element name, or a built-in step. */
  readonly source: string;
  readonly reason: ErrorReason;
  /** The response the caller gets when no on-error handles it (default: APIM's 500). */
  readonly response: ErrorResponse | undefined;
  /** For expression failures: the .NET exception type, shown in the trace. */
  dotnetType?: string;
  /** Where it failed, when more precise than the step (the failing sub-expression, an attribute). */
  location?: SourceLocationLike;
  /** The expression that failed, shown by the text trace. */
  expression?: string;

  constructor(source: string, reason: ErrorReason, message: string, response?: ErrorResponse) {
    super(message);
    this.name = 'PolicyError';
    this.source = source;
    this.reason = reason;
    this.response = response;
  }
}

/** Raised by return-response: the pipeline stops and this response is sent. */
export class Halt {
  constructor(
    readonly response: { statusCode: number; statusReason: string; headers: HeaderBag; body: Buffer },
  ) {}
}

/** A place in a policy file. */
export interface SourceLocationLike {
  file: string;
  line: number;
  column: number;
}

/** `file:line:col`, as compile diagnostics and `eval` print it. */
export function formatLocation(at: SourceLocationLike): string {
  return `${at.file}:${at.line}:${at.column}`;
}

/** The shape the expression engine's ExpressionEvaluationError has (see expressions/contract.ts). */
interface ExpressionFailureLike {
  dotnetType?: string;
  dotnetMessage?: string;
  message?: string;
  file?: string;
  line?: number;
  column?: number;
  expression?: string;
}

/** Turns an exception thrown while evaluating an expression into APIM's error. */
export function expressionError(source: string, err: unknown): PolicyError {
  if (err instanceof PolicyError) return err;
  const e = (err ?? {}) as ExpressionFailureLike;
  const detail = e.dotnetMessage ?? e.message ?? String(err);
  // APIM's message leaves out the exception type; the trace shows it.
  const error = new PolicyError(source, 'ExpressionValueEvaluationFailure', `Expression evaluation failed. ${detail}`);
  if (e.dotnetType) error.dotnetType = e.dotnetType;
  if (e.file !== undefined && e.line !== undefined && e.column !== undefined) error.location = { file: e.file, line: e.line, column: e.column };
  if (e.expression !== undefined) error.expression = e.expression;
  return error;
}
