/**
 * One structured line per connection event, with the fields of APIM's WebSocketConnectionLogs
 * (CorrelationId, EventName, Source, Destination, Error) plus a few of ours. Human-readable on a
 * terminal, JSON lines with `json: true`. Callers mask URLs and values (src/common/mask.ts) before they
 * are logged.
 */
import type { Diagnostic } from '../policy/diagnostics.js';
import { formatDiagnostic } from './format-diagnostic.js';

export type ConnectionEventName =
  | 'HandshakeReceived'
  | 'HandshakeRejected'
  /** The policy answered the handshake itself (return-response): its answer, not an error. */
  | 'PolicyAnswered'
  | 'BackendConnectionFailed'
  | 'BackendRefused'
  | 'ConnectionEstablished'
  | 'ConnectionClosed'
  | 'ClientAbandoned';

export interface ConnectionEvent {
  CorrelationId: string;
  EventName: ConnectionEventName;
  Source: string;
  Destination: string;
  Error?: string;
  /** Our extras. */
  Api?: string;
  StatusCode?: number;
  CloseCode?: number;
  CloseReason?: string;
  ClosedBy?: string;
  BytesToBackend?: number;
  BytesToClient?: number;
  MessagesToBackend?: number;
  MessagesToClient?: number;
  DurationMs?: number;
  /** W3C trace and span ids of the handshake's span, when telemetry traces it. */
  TraceId?: string;
  SpanId?: string;
}

export interface ConnectionLogger {
  event(event: ConnectionEvent): void;
  /** True when connection events are dropped (`--quiet`): callers may skip building them. */
  readonly quiet?: boolean;
  /** Gateway-level lines (listening, reload, diagnostics). */
  info(message: string): void;
  warn(message: string): void;
  /**
   * A policy or configuration diagnostic, one line carrying its own severity (`file:line:col: error OH402: …`,
   * never under a `warning:` prefix). Loggers without it get the line through `info` (logDiagnostic).
   */
  diagnostic?(d: Diagnostic): void;
}

export function logDiagnostic(logger: ConnectionLogger, d: Diagnostic): void {
  if (logger.diagnostic) logger.diagnostic(d);
  else logger.info(formatDiagnostic(d));
}

export interface LoggerOptions {
  json?: boolean;
  /** Where lines go (default process.stderr). */
  write?: (line: string) => void;
  /** Suppress connection events (gateway lines still print). */
  quietEvents?: boolean;
  region?: string;
}

export function createLogger(options: LoggerOptions = {}): ConnectionLogger {
  const write = options.write ?? batchedStderr();
  const stamp = (): string => new Date().toISOString();
  if (options.json) {
    return {
      quiet: Boolean(options.quietEvents),
      event: (e) => !options.quietEvents && write(JSON.stringify({ TimeGenerated: stamp(), Region: options.region, ...e })),
      info: (message) => write(JSON.stringify({ TimeGenerated: stamp(), level: 'info', message })),
      warn: (message) => write(JSON.stringify({ TimeGenerated: stamp(), level: 'warn', message })),
      diagnostic: (d) => write(JSON.stringify({ TimeGenerated: stamp(), level: d.severity === 'warning' ? 'warn' : d.severity, message: formatDiagnostic(d), code: d.code, file: d.file, line: d.line, column: d.column })),
    };
  }
  return {
    quiet: Boolean(options.quietEvents),
    event: (e) => {
      if (options.quietEvents) return;
      const extras = [
        e.StatusCode !== undefined ? `status=${e.StatusCode}` : '',
        e.CloseCode !== undefined ? `close=${e.CloseCode}${e.CloseReason ? ` "${e.CloseReason}"` : ''}` : '',
        e.ClosedBy ? `by=${e.ClosedBy}` : '',
        e.MessagesToBackend !== undefined ? `msgs=${e.MessagesToBackend}↑/${e.MessagesToClient ?? 0}↓` : '',
        e.DurationMs !== undefined ? `${e.DurationMs}ms` : '',
        e.Error ? `error: ${e.Error}` : '',
      ].filter(Boolean);
      write(`${stamp().slice(11, 23)} ${e.EventName} ${e.Source} → ${e.Destination || '-'} [${e.CorrelationId.slice(0, 8)}]${extras.length ? ' ' + extras.join(' ') : ''}`);
    },
    info: (message) => write(message),
    warn: (message) => write(`warning: ${message}`),
    diagnostic: (d) => write(formatDiagnostic(d)),
  };
}

/**
 * Writes to stderr are synchronous for files and pipes: one write per event-loop turn, carrying every
 * line of that turn, instead of one system call per connection event. Pending lines are flushed on
 * exit, so nothing is lost when the process ends.
 */
let sharedStderr: ((line: string) => void) | undefined;

function batchedStderr(): (line: string) => void {
  return (sharedStderr ??= newBatchedStderr());
}

function newBatchedStderr(): (line: string) => void {
  let pending = '';
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (!pending) return;
    const text = pending;
    pending = '';
    process.stderr.write(text);
  };
  process.once('exit', flush);
  return (line) => {
    pending += line + '\n';
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush).unref();
  };
}
