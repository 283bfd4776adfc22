/**
 * An ordered, case-insensitive multi-map of HTTP headers that keeps each name's first spelling.
 * Used for the handshake request, callout requests and responses, and the backend request.
 */
export class HeaderBag implements Iterable<[string, string[]]> {
  private readonly entries = new Map<string, { name: string; values: string[] }>();

  constructor(init?: Iterable<readonly [string, string | readonly string[]]>) {
    if (init) for (const [name, value] of init) this.append(name, value);
  }

  /** From Node's `req.rawHeaders` (alternating names and values). */
  static fromRaw(raw: readonly string[]): HeaderBag {
    const bag = new HeaderBag();
    for (let i = 0; i + 1 < raw.length; i += 2) bag.append(raw[i]!, raw[i + 1]!);
    return bag;
  }

  get size(): number {
    return this.entries.size;
  }

  has(name: string): boolean {
    return this.entries.has(name.toLowerCase());
  }

  /** All values of a header, or undefined when absent. */
  getAll(name: string): string[] | undefined {
    return this.entries.get(name.toLowerCase())?.values;
  }

  /** The values joined with `,` as APIM's `GetValueOrDefault` does, or undefined. */
  get(name: string): string | undefined {
    return this.entries.get(name.toLowerCase())?.values.join(',');
  }

  set(name: string, value: string | readonly string[]): void {
    this.entries.set(name.toLowerCase(), { name, values: typeof value === 'string' ? [value] : [...value] });
  }

  append(name: string, value: string | readonly string[]): void {
    const key = name.toLowerCase();
    const values = typeof value === 'string' ? [value] : value;
    const entry = this.entries.get(key);
    if (entry) entry.values.push(...values);
    else this.entries.set(key, { name, values: [...values] });
  }

  delete(name: string): boolean {
    return this.entries.delete(name.toLowerCase());
  }

  /** Header names in their first spelling. */
  names(): string[] {
    return [...this.entries.values()].map((e) => e.name);
  }

  clone(): HeaderBag {
    const copy = new HeaderBag();
    for (const [name, values] of this) copy.set(name, values);
    return copy;
  }

  *[Symbol.iterator](): Iterator<[string, string[]]> {
    for (const e of this.entries.values()) yield [e.name, e.values];
  }

  /** `{name, value}` pairs, one per value, as APIM traces show headers. */
  toPairs(): { name: string; value: string }[] {
    const out: { name: string; value: string }[] = [];
    for (const [name, values] of this) for (const value of values) out.push({ name, value });
    return out;
  }
}
