/**
 * Mounts the browser console (src/console/) on a gateway host: traces on, each handshake recorded in the
 * console's ring, `/_onhandshake/*` HTTP requests answered by the console, connection observers in
 * inspect mode. Kept apart so the gateway itself knows only the small seams in GatewayOptions.
 */
import { createConsole, type ConsoleHostContext, type ConsoleOptions } from '../console/console-server.js';
import type { GatewayOptions } from '../gateway/gateway.js';

export type ConsoleMountOptions = ConsoleOptions;

export interface ConsoleMount {
  /** Merged into the gateway's options before it is created. */
  gatewayOptions: Partial<GatewayOptions>;
  /** Called once the gateway listens. */
  attach(context: ConsoleHostContext): void;
  close(): Promise<void>;
}

/** `false` (`--no-console`) mounts nothing and leaves the gateway's fast path untouched. */
export function mountConsole(options: ConsoleMountOptions | false | undefined): ConsoleMount | undefined {
  if (options === false || options?.enabled === false) return undefined;
  const console = createConsole(options ?? {});
  return {
    gatewayOptions: {
      trace: true,
      onHandshake: (record) => console.record(record),
      observerFor: (id) => console.observerFor(id),
      consoleRequest: (req, res) => console.handle(req, res),
    },
    attach: (context) => console.attach(context),
    close: () => console.close(),
  };
}
