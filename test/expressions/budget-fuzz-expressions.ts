/**
 * Random C# expressions over the surface a policy can reach to build big things: sequences (Range,
 * Repeat, LINQ operators), strings (Concat, Join, Replace, Pad, case mapping, Split), JSON containers.
 * Sizes are drawn from small to int.MaxValue. Used by the unit fuzz and the gateway fuzz.
 */

const SIZES = ['0', '1', '7', '1000', '100000', '1000000', '16777217', 'int.MaxValue', 'int.MaxValue - 1'];

type Pick = <T>(items: readonly T[]) => T;

function picker(random: () => number): Pick {
  return (items) => items[Math.floor(random() * items.length)]!;
}

/** An IEnumerable<int>. */
function intSequence(pick: Pick, depth: number): string {
  const n = pick(SIZES);
  if (depth <= 0) return pick([`Enumerable.Range(0, ${n})`, `Enumerable.Repeat(3, ${n})`, `new List<int>(Enumerable.Range(1, ${pick(SIZES.slice(0, 6))})).Select(i => i)`]);
  const inner = intSequence(pick, depth - 1);
  return pick([
    `${inner}.Select(i => i * 2)`,
    `${inner}.Where(i => i % 3 != 1)`,
    `${inner}.OrderBy(i => -i)`,
    `${inner}.Reverse()`,
    `${inner}.Distinct()`,
    `${inner}.Skip(${pick(SIZES)})`,
    `${inner}.Take(${pick(SIZES)})`,
    `${inner}.ToList().Where(i => i > 0)`,
    `${inner}.ToArray()`,
    `${inner}.Concat(${inner})`,
    `${inner}.SelectMany(i => Enumerable.Range(0, ${pick(SIZES)}))`,
  ]);
}

/** A string. */
function text(pick: Pick, depth: number): string {
  const n = pick(SIZES);
  if (depth <= 0) return pick([`new string('a', ${pick(SIZES.slice(0, 7))})`, `"ab".PadLeft(${n})`, `string.Join(",", ${intSequence(pick, 0)})`, `"héllo wörld"`]);
  const s = text(pick, depth - 1);
  return pick([
    `string.Concat(${s}, ${s})`,
    `${s}.Insert(0, ${s})`,
    `${s}.Replace("a", "aa")`,
    `${s}.ToUpper()`,
    `${s}.ToLowerInvariant()`,
    `${s}.PadRight(${n}, '-')`,
    `string.Concat(Enumerable.Repeat(${s}, ${n}))`,
    `string.Join("-", ${intSequence(pick, depth - 1)})`,
    `${s} + ${s}`,
    `$"{${s}}{${s}}"`,
    `string.Format("{0}{0}{0}", ${s})`,
    `new System.Text.StringBuilder(${s}).Append(${s}).ToString()`,
    `new JArray(${intSequence(pick, depth - 1)}).ToString()`,
  ]);
}

/** A whole expression (its value is an int, a string or a JSON token). */
export function randomBudgetExpression(random: () => number): string {
  const pick = picker(random);
  const depth = 1 + Math.floor(random() * 3);
  return pick([
    () => `${intSequence(pick, depth)}.Count()`,
    () => `${intSequence(pick, depth)}.Sum()`,
    () => `${intSequence(pick, depth)}.LastOrDefault()`,
    () => `${intSequence(pick, depth)}.Contains(-1)`,
    () => `${text(pick, depth)}.Length`,
    () => `${text(pick, depth)}.Split('a').Length`,
    () => `${text(pick, depth)}.IndexOf("zz")`,
    () => `new JArray(${intSequence(pick, depth)}).Count`,
    () => `Enumerable.Range(0, ${pick(SIZES.slice(0, 5))}).Aggregate(new JArray(1), (a, i) => new JArray(a, a)).Count`,
    () => `Enumerable.Range(0, ${pick(SIZES.slice(0, 5))}).Aggregate(new JObject(), (o, i) => new JObject(new JProperty("a", o), new JProperty("b", o))).ToString().Length`,
    () => `JToken.Parse("[" + string.Join(",", ${intSequence(pick, depth - 1)}) + "]").Count()`,
  ])();
}
