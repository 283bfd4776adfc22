/**
 * A dimension whose values come from clients (the Host header) must not grow without bound: each new
 * value is a new series in every metric. The first `limit` distinct values are kept; later ones are
 * reported as `Other`.
 */
export class BoundedValues {
  private readonly seen = new Set<string>();

  constructor(private readonly limit: number) {}

  admit(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.limit) return 'Other';
    this.seen.add(value);
    return value;
  }
}

/** Distinct Hostname dimension values kept (a gateway answers a few names; a scan sends many). */
export const MAX_HOSTNAMES = 100;
