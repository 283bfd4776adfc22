/**
 * Quota periods: fixed windows of `renewal-period` seconds counted from `first-period-start`
 * (default 0001-01-01T00:00:00Z, .NET's DateTime.MinValue); a period of 0 never renews.
 */
import type { QuotaPeriod } from '../store/contract.js';

/** 0001-01-01T00:00:00Z in milliseconds since the Unix epoch. */
export const DOTNET_MIN_DATE_MS = -62_135_596_800_000;

export function quotaPeriod(now: number, renewalSeconds: number, anchorMs: number = DOTNET_MIN_DATE_MS): QuotaPeriod {
  if (renewalSeconds <= 0) return { id: 0, endsAt: null };
  const length = renewalSeconds * 1000;
  const id = Math.floor((now - anchorMs) / length);
  return { id, endsAt: anchorMs + (id + 1) * length };
}

/** .NET TimeSpan's default format: `[d.]hh:mm:ss`. */
export function timeSpanText(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const days = Math.floor(total / 86_400);
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = `${pad(Math.floor((total % 86_400) / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
  return days > 0 ? `${days}.${clock}` : clock;
}
