/**
 * What quota and quota-by-key share once the key and limits are known: count the handshake in the
 * current period, refuse with 403 + Retry-After and APIM's message when a limit is already reached,
 * and meter the connection's relayed bytes when a bandwidth limit is set.
 */
import type { RunContext } from '../runtime/run-context.js';
import type { HandshakeState } from '../../model/state.js';
import type { Store } from '../../store/contract.js';
import { connectionHolds } from '../../access/connection-holds.js';
import { quotaPeriod, timeSpanText } from '../../access/quota-period.js';
import { refusal } from './refusal.js';
import { storeMeter } from '../../access/relay-meter.js';
import { withStore } from './store-call.js';
import { clockNow } from '../../common/clock.js';

export interface QuotaSettings {
  calls?: number;
  /** Kilobytes, as the policy writes it. */
  bandwidthKb?: number;
  renewalSeconds: number;
  anchorMs?: number;
}

// "The same key incremented by several policies counts once per request" (reference §2.15).
const countedKeys = new WeakMap<HandshakeState, Set<string>>();

export async function enforceQuota(rt: RunContext, store: Store, source: string, key: string, settings: QuotaSettings, count: boolean): Promise<void> {
  const now = clockNow();
  const periodAt = (t: number) => quotaPeriod(t, settings.renewalSeconds, settings.anchorMs);
  const period = periodAt(now);
  let counted = countedKeys.get(rt.state);
  if (!counted) countedKeys.set(rt.state, (counted = new Set()));
  if (counted.has(key)) {
    // Already counted (and allowed) by an earlier policy in this handshake: the same request counts once.
    if (rt.entry) rt.note('counter', { key, message: 'already counted for this handshake' });
    return;
  }
  const calls = count ? 1 : 0;
  const limits = {
    ...(settings.calls !== undefined ? { calls: settings.calls } : {}),
    ...(settings.bandwidthKb !== undefined ? { bytes: settings.bandwidthKb * 1024 } : {}),
  };
  const decision = await withStore(rt, store, source, () => store.quotaHit(key, limits, period, calls, now), { allowed: true, calls: 0, bytes: 0 });
  if (rt.entry) rt.note('counter', { key, ...settings, period: period.id, calls: decision.calls, bytes: decision.bytes, allowed: decision.allowed });
  if (decision.allowed) {
    if (calls > 0) counted.add(key);
    if (settings.bandwidthKb !== undefined) {
      const holds = connectionHolds(rt.state);
      const meter = storeMeter(store, key, periodAt);
      holds.meters.push(meter);
      holds.releases.push(() => meter.close());
    }
    return;
  }
  const what = decision.exceeded === 'bandwidth' ? 'bandwidth' : 'call volume';
  const headers: Array<[string, string]> = [];
  let message = `Out of ${what} quota.`;
  if (period.endsAt !== null) {
    const waitMs = period.endsAt - now;
    headers.push(['Retry-After', String(Math.max(1, Math.ceil(waitMs / 1000)))]);
    message += ` Quota will be replenished in ${timeSpanText(waitMs)}.`;
  }
  throw refusal(source, 'QuotaExceeded', message, 403, message, headers);
}
