/**
 * The one door to telemetry: the OpenTelemetry SDK (some 10 MiB of modules) is imported here, on demand,
 * only when `telemetry:` is configured; a gateway without it never loads a byte of it.
 */
import type { GatewayTelemetry } from './contract.js';
import type { TelemetrySettings } from './settings.js';

export async function loadTelemetry(settings: TelemetrySettings | undefined, env: NodeJS.ProcessEnv = process.env): Promise<GatewayTelemetry | undefined> {
  if (!settings || /^true$/i.test(env.OTEL_SDK_DISABLED ?? '')) return undefined;
  const { createOtelTelemetry } = await import('./otel-telemetry.js');
  return createOtelTelemetry(settings, env);
}
