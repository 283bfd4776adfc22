/**
 * The SignalR JSON hub protocol, as much of it as a chat needs: records end with 0x1E; the first record
 * is the handshake; then invocations (1), completions (3), pings (6) and close (7).
 * https://github.com/dotnet/aspnetcore/blob/main/src/SignalR/docs/specs/HubProtocol.md
 */
export const RECORD_SEPARATOR = '\u001e';

export const MessageType = { Invocation: 1, StreamItem: 2, Completion: 3, Ping: 6, Close: 7 } as const;

export interface HubMessage {
  type: number;
  target?: string;
  arguments?: unknown[];
  invocationId?: string;
  error?: string;
  allowReconnect?: boolean;
  [field: string]: unknown;
}

/** Splits a text frame into its records; a trailing partial record is returned as `rest`. */
export function splitRecords(text: string): { records: string[]; rest: string } {
  const parts = text.split(RECORD_SEPARATOR);
  const rest = parts.pop() ?? '';
  return { records: parts, rest };
}

export function record(message: object): string {
  return JSON.stringify(message) + RECORD_SEPARATOR;
}
