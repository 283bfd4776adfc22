/**
 * Runs a translated regex over an input with one of the two engines: the match loop shared by the
 * main thread and the worker pool (regex-worker.ts). Kept free of gateway imports so the worker loads fast.
 */
import { RE2JS } from 're2js';

export interface RawMatch {
  /** JS group values by JS index (undefined when the group did not participate) */
  groups: (string | undefined)[];
  /** start index of each JS group */
  indices: (number | undefined)[];
}

/** 'js': V8's backtracking RegExp (everything we translate); 're2': linear time, no lookaround or back reference. */
export type Engine = 'js' | 're2';

export interface RegexJob {
  engine: Engine;
  /** JS source and flags, or the RE2 source */
  source: string;
  flags: string;
  input: string;
  start: number;
  all: boolean;
  /** most matches to collect (the collection cap) */
  limit: number;
}

/** Thrown when a job would collect more matches than its limit. */
export const TOO_MANY_MATCHES = 'too many matches';

export function execJob(job: RegexJob): RawMatch[] {
  return job.engine === 're2' ? execRe2(job) : execJs(job);
}

function execJs({ source, flags, input, start, all, limit }: RegexJob): RawMatch[] {
  const re = new RegExp(source, flags.includes('d') ? flags : flags + 'd');
  re.lastIndex = start;
  const out: RawMatch[] = [];
  for (;;) {
    const m = re.exec(input);
    if (!m) break;
    if (out.length >= limit) throw new Error(TOO_MANY_MATCHES);
    out.push({ groups: [...m], indices: (m.indices ?? []).map((p) => p?.[0]) });
    if (!all) break;
    // an empty match moves on by one character, as .NET does
    if (m[0].length === 0) re.lastIndex = m.index + 1;
    if (re.lastIndex > input.length) break;
  }
  return out;
}

const compiled = new Map<string, RE2JS>();

export function re2For(source: string): RE2JS {
  let re = compiled.get(source);
  if (!re) {
    re = RE2JS.compile(source);
    if (compiled.size > 256) compiled.clear();
    compiled.set(source, re);
  }
  return re;
}

function execRe2({ source, input, start, all, limit }: RegexJob): RawMatch[] {
  const m = re2For(source).matcher(input);
  const count = m.groupCount();
  const out: RawMatch[] = [];
  let from = start;
  while (from <= input.length && m.find(from)) {
    if (out.length >= limit) throw new Error(TOO_MANY_MATCHES);
    const groups: (string | undefined)[] = [];
    const indices: (number | undefined)[] = [];
    for (let g = 0; g <= count; g++) {
      const at = m.start(g);
      groups.push(at < 0 ? undefined : input.slice(at, m.end(g)));
      indices.push(at < 0 ? undefined : at);
    }
    out.push({ groups, indices });
    if (!all) break;
    // an empty match moves on by one character, as .NET does
    from = m.end() === m.start() ? m.end() + 1 : m.end();
  }
  return out;
}
