/** Durations on the command line: `90`, `90s`, `5m`, `1h`, `2d`, with an optional leading `-`. */
export function parseDuration(text: string): number | undefined {
  const m = /^(-)?(\d+)(s|m|h|d)?$/.exec(text.trim());
  if (!m) return undefined;
  const unit = { s: 1, m: 60, h: 3600, d: 86_400 }[(m[3] ?? 's') as 's' | 'm' | 'h' | 'd'];
  return (m[1] ? -1 : 1) * Number(m[2]) * unit;
}
