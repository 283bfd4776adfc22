/**
 * "Did you mean …?": the candidate closest to a misspelt name by edit distance (case-insensitive),
 * or undefined when nothing is close enough to be a plausible typo.
 */

/** Levenshtein distance, two rows of memory. Names are short; inputs are capped to keep it cheap. */
export function editDistance(a: string, b: string): number {
  const x = a.slice(0, 128).toLowerCase();
  const y = b.slice(0, 128).toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  let current = new Array<number>(y.length + 1);
  for (let i = 1; i <= x.length; i++) {
    current[0] = i;
    for (let j = 1; j <= y.length; j++) {
      const substitution = previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1);
      current[j] = Math.min(substitution, previous[j]! + 1, current[j - 1]! + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[y.length]!;
}

export function nearestName(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
