/**
 * Runs a translated regex over an input: the match loop shared by the direct path and the guarded
 * worker (regex-worker.ts). Kept free of imports so the worker loads fast.
 */
export interface RawMatch {
  /** JS group values by JS index (undefined when the group did not participate) */
  groups: (string | undefined)[];
  /** start index of each JS group */
  indices: (number | undefined)[];
}

export function execAll(source: string, flags: string, input: string, start: number, all: boolean): RawMatch[] {
  const re = new RegExp(source, flags.includes('d') ? flags : flags + 'd');
  re.lastIndex = start;
  const out: RawMatch[] = [];
  for (;;) {
    const m = re.exec(input);
    if (!m) break;
    out.push({ groups: [...m], indices: (m.indices ?? []).map((p) => p?.[0]) });
    if (!all) break;
    // an empty match moves on by one character, as .NET does
    if (m[0].length === 0) re.lastIndex = m.index + 1;
    if (re.lastIndex > input.length) break;
  }
  return out;
}
