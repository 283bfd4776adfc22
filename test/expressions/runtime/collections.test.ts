import { describe } from 'vitest';
import { runTable } from './table.js';

const S = 'System.String';
const I = 'System.Int32';
const B = 'System.Boolean';
const D = 'System.Double';
const block = (code: string) => code; // bodies with `return` are compiled as @{ } blocks

describe('StringBuilder', () => {
  runTable([
    [block('var sb = new StringBuilder(); sb.Append("a").Append(1).Append(\'c\').Append(2.5).Append(true); return sb.ToString();'), ['a1c2.5True', S]],
    [block('var sb = new StringBuilder("x"); sb.AppendLine("y"); sb.AppendLine(); return sb.ToString();'), ['xy\r\n\r\n', S]],
    [block('var sb = new StringBuilder(); sb.AppendFormat("{0}-{1:D3}", "a", 7); return sb.ToString();'), ['a-007', S]],
    [block('var sb = new StringBuilder("hello"); sb.Insert(0, ">").Remove(1, 1).Replace("l", "L"); return sb.ToString();'), ['>eLLo', S]],
    [block('var sb = new StringBuilder("abc"); sb.Length = 1; return sb.ToString() + sb.Length;'), ['a1', S]],
    [block('var sb = new StringBuilder("abc"); sb[1] = \'X\'; return sb[1].ToString() + sb.ToString();'), ['XaXc', S]],
    [block('var sb = new StringBuilder("abc"); return sb.ToString(1, 2);'), ['bc', S]],
    [block('var sb = new StringBuilder("abc"); sb.Append(\'-\', 3); return sb.ToString();'), ['abc---', S]],
    [block('var sb = new StringBuilder("abc"); sb.Remove(2, 5); return sb.ToString();'), { throws: 'System.ArgumentOutOfRangeException' }],
    [block('var sb = new StringBuilder("ab"); sb.Clear(); return sb.Length;'), ['0', I]],
  ]);
});

describe('List, Dictionary, HashSet, Queue, Stack, arrays', () => {
  runTable([
    [block('var l = new List<string> { "a", "b" }; l.Add("c"); return l.Count;'), ['3', I]],
    [block('var l = new List<int> { 1, 2, 3 }; l.Remove(2); return string.Join(",", l);'), ['1,3', S]],
    [block('var l = new List<int> { 1, 2, 3 }; l.Insert(0, 9); l.RemoveAt(3); return string.Join(",", l);'), ['9,1,2', S]],
    [block('var l = new List<string> { "x" }; return l[1];'), { throws: 'System.ArgumentOutOfRangeException', message: "Index was out of range. Must be non-negative and less than the size of the collection. (Parameter 'index')" }],
    [block('var l = new List<string> { "a", "b" }; return l.Contains("b") && l.IndexOf("b") == 1;'), ['True', B]],
    [block('var l = new List<int> { 3, 1, 2 }; l.Sort(); return string.Join(",", l);'), ['1,2,3', S]],
    [block('var l = new List<int> { 3, 1, 2 }; l.Reverse(); return string.Join(",", l.ToArray());'), ['2,1,3', S]],
    [block('var l = new List<int> { 1, 2, 3, 4 }; return l.FindAll(x => x % 2 == 0).Count + l.Find(x => x > 2);'), ['5', I]],
    [block('var l = new List<int> { 1 }; foreach (var x in l) { l.Add(x); } return l.Count;'), { throws: 'System.InvalidOperationException', message: 'Collection was modified; enumeration operation may not execute.' }],
    [block('var l = new List<string>(); return l.ToString();'), ['System.Collections.Generic.List`1[System.String]', S]],
    [block('var d = new Dictionary<string, int>(); d["a"] = 1; d["a"] = 2; d.Add("b", 3); return d["a"] + d["b"] + d.Count;'), ['7', I]],
    [block('var d = new Dictionary<string, int>(); return d["missing"];'), { throws: 'System.Collections.Generic.KeyNotFoundException', message: "The given key 'missing' was not present in the dictionary." }],
    [block('var d = new Dictionary<string, int> { { "a", 1 } }; d.Add("a", 2); return 0;'), { throws: 'System.ArgumentException', message: 'An item with the same key has already been added. Key: a' }],
    [block('var d = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase); d["Key"] = "v"; return d["KEY"];'), ['v', S]],
    [block('var d = new Dictionary<string, int> { { "x", 5 } }; return d.TryGetValue("x", out var v) ? v : -1;'), ['5', I]],
    [block('var d = new Dictionary<string, int> { { "x", 5 } }; return d.TryGetValue("y", out var v) ? v : -1;'), ['-1', I]],
    [block('var d = new Dictionary<string, int> { { "x", 5 }, { "y", 6 } }; return string.Join(",", d.Keys) + "|" + string.Join(",", d.Values);'), ['x,y|5,6', S]],
    [block('var d = new Dictionary<string, int> { { "x", 5 } }; foreach (var kv in d) { return kv.Key + "=" + kv.Value; } return "";'), ['x=5', S]],
    [block('var d = new Dictionary<string, int> { { "x", 5 } }; return d.ContainsKey("x") && !d.ContainsKey("X") && d.Remove("x") && d.Count == 0;'), ['True', B]],
    [block('var d = new Dictionary<string, int> { { "x", 5 } }; return d.GetValueOrDefault("nope");'), ['0', I]],
    ['new KeyValuePair<string, int>("k", 3).ToString()', ['[k, 3]', S]],
    [block('var s = new HashSet<string> { "a" }; var added = s.Add("a"); s.Add("b"); return added + "," + s.Count;'), ['False,2', S]],
    [block('var s = new HashSet<int> { 1, 2, 3 }; s.IntersectWith(new[] { 2, 3, 4 }); return string.Join(",", s);'), ['2,3', S]],
    [block('var s = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "A" }; return s.Contains("a");'), ['True', B]],
    [block('var q = new Queue<int>(); q.Enqueue(1); q.Enqueue(2); return q.Dequeue() * 10 + q.Peek();'), ['12', I]],
    [block('var q = new Queue<int>(); return q.Dequeue();'), { throws: 'System.InvalidOperationException', message: 'Queue empty.' }],
    [block('var s = new Stack<string>(); s.Push("a"); s.Push("b"); return s.Pop() + s.Peek() + s.Count;'), ['ba1', S]],
    [block('var s = new Stack<int>(); return s.Pop();'), { throws: 'System.InvalidOperationException', message: 'Stack empty.' }],
    [block('var s = new Stack<int>(); s.Push(1); s.Push(2); return string.Join(",", s);'), ['2,1', S]],
    ['new[] { 1, 2, 3 }.Length', ['3', I]],
    ['new int[] { 1, 2, 3 }[3]', { throws: 'System.IndexOutOfRangeException', message: 'Index was outside the bounds of the array.' }],
    ['Array.IndexOf(new[] { "a", "b" }, "b")', ['1', I]],
    [block('var a = new byte[4]; Array.Copy(new byte[] { 1, 2, 3 }, 1, a, 2, 2); return BitConverter.ToString(a);'), ['00-00-02-03', S]],
    [block('var a = new byte[2]; Array.Copy(new byte[] { 1, 2, 3 }, 0, a, 1, 2); return 0;'), { throws: 'System.ArgumentException' }],
    [block('var a = new[] { 3, 1, 2 }; Array.Sort(a); return string.Join(",", a);'), ['1,2,3', S]],
  ]);
});

describe('LINQ', () => {
  const nums = 'new List<int> { 5, 3, 8, 1, 3 }';
  runTable([
    [`${nums}.Where(x => x > 2).Count()`, ['4', I]],
    [`string.Join(",", ${nums}.Select(x => x * 2))`, ['10,6,16,2,6', S]],
    [`string.Join(",", ${nums}.Select((x, i) => i))`, ['0,1,2,3,4', S]],
    [`${nums}.Any(x => x > 7)`, ['True', B]],
    [`${nums}.All(x => x > 0)`, ['True', B]],
    [`${nums}.First()`, ['5', I]],
    [`${nums}.First(x => x > 5)`, ['8', I]],
    [`${nums}.First(x => x > 50)`, { throws: 'System.InvalidOperationException', message: 'Sequence contains no matching element' }],
    ['new List<int>().First()', { throws: 'System.InvalidOperationException', message: 'Sequence contains no elements' }],
    [`${nums}.FirstOrDefault(x => x > 50)`, ['0', I]],
    ['new List<string>().FirstOrDefault() == null', ['True', B]],
    [`${nums}.Last()`, ['3', I]],
    [`${nums}.LastOrDefault(x => x == 99)`, ['0', I]],
    [`${nums}.Single(x => x == 8)`, ['8', I]],
    [`${nums}.Single(x => x == 3)`, { throws: 'System.InvalidOperationException', message: 'Sequence contains more than one matching element' }],
    [`${nums}.Single()`, { throws: 'System.InvalidOperationException', message: 'Sequence contains more than one element' }],
    [`${nums}.SingleOrDefault(x => x == 42)`, ['0', I]],
    [`${nums}.ToArray().Count(x => x == 3)`, ['2', I]],
    [`${nums}.Contains(8)`, ['True', B]],
    [`string.Join(",", ${nums}.OrderBy(x => x))`, ['1,3,3,5,8', S]],
    [`string.Join(",", ${nums}.OrderByDescending(x => x).Take(2))`, ['8,5', S]],
    ['string.Join(",", new[] { "bb", "a", "ab", "b" }.OrderBy(s => s.Length).ThenBy(s => s))', ['a,b,ab,bb', S]],
    ['string.Join(",", new[] { "b", "B", "a", "A" }.OrderBy(s => s))', ['a,A,b,B', S]],
    [`string.Join(",", ${nums}.Skip(3))`, ['1,3', S]],
    [`string.Join(",", ${nums}.Distinct())`, ['5,3,8,1', S]],
    [`${nums}.Sum()`, ['20', I]],
    [`${nums}.Sum(x => x * 1.5)`, ['30', D]],
    [`${nums}.Min()`, ['1', I]],
    [`${nums}.Max(x => -x)`, ['-1', I]],
    [`${nums}.Average()`, ['4', D]],
    ['new List<int>().Average()', { throws: 'System.InvalidOperationException', message: 'Sequence contains no elements' }],
    ['new List<int> { int.MaxValue, 1 }.Sum()', { throws: 'System.OverflowException', message: 'Arithmetic operation resulted in an overflow.' }],
    ['new[] { "b", "a" }.Max()', ['b', S]],
    ['new string[0].Max() == null', ['True', B]],
    [`${nums}.Aggregate((a, b) => a * b)`, ['360', I]],
    [`${nums}.Aggregate("", (acc, x) => acc + x)`, ['53813', S]],
    [`string.Join(",", ${nums}.Concat(new[] { 9 }))`, ['5,3,8,1,3,9', S]],
    ['string.Join(",", new[] { 1, 2, 3 }.Zip(new[] { "a", "b" }, (n, s) => s + n))', ['a1,b2', S]],
    [`string.Join(";", ${nums}.GroupBy(x => x % 2).Select(g => g.Key + ":" + g.Count()))`, ['1:4;0:1', S]],
    ['string.Join(",", new[] { "a,b", "c" }.SelectMany(s => s.Split(\',\')))', ['a,b,c', S]],
    [`${nums}.ToDictionary(x => "k" + x, x => x)["k8"]`, { throws: 'System.ArgumentException', message: 'An item with the same key has already been added. Key: k3' }],
    ['new[] { 1, 2 }.ToDictionary(x => "k" + x)["k2"]', ['2', I]],
    [`${nums}.ToList().Count`, ['5', I]],
    [`${nums}.ToArray().Length`, ['5', I]],
    ['"hello".Count(c => c == \'l\')', ['2', I]],
    ['new string("he-llo".Where(c => char.IsLetter(c)).Reverse().ToArray())', ['olleh', S]],
    ['Enumerable.Range(1, 4).Sum()', ['10', I]],
    ['string.Join(",", Enumerable.Repeat("x", 3))', ['x,x,x', S]],
    ['new[] { 1, 2 }.SequenceEqual(new List<int> { 1, 2 })', ['True', B]],
    ['new[] { 1, 2, 3 }.ElementAt(5)', { throws: 'System.ArgumentOutOfRangeException' }],
    ['string.Join(",", new[] { 1, 2, 3 }.Except(new[] { 2 }))', ['1,3', S]],
    ['string.Join(",", new[] { 1, 2, 3 }.Intersect(new[] { 3, 2, 9 }))', ['2,3', S]],
    ['string.Join(",", new[] { 1, 2 }.Union(new[] { 2, 3 }))', ['1,2,3', S]],
    ['new object[] { 1, "a", 2 }.OfType<int>().Sum()', ['3', I]],
    ['new object[] { 1, "a" }.Cast<int>().Sum()', { throws: 'System.InvalidCastException' }],
  ]);
});

describe('a property does not hide an extension method of the same name at a call', () => {
  runTable([
    ['new List<int> { 1, 2, 3 }.Count(x => x > 1)', ['2', I]],
    ['new List<int> { 1, 2, 3 }.Count()', ['3', I]],
    ['new List<int> { 1, 2, 3 }.Count', ['3', I]],
    ['new Dictionary<string, int> { { "a", 1 } }.Count(kv => kv.Value > 0)', ['1', I]],
    ['JArray.Parse("[1,2]").Count()', ['2', I]],
    ['JArray.Parse("[1,2]").Count(t => (int)t > 1)', ['1', I]],
    ['JArray.Parse("[1,2]").First().ToString()', ['1', S]],
    ['JArray.Parse("[1,2]").Last().ToString()', ['2', S]],
    ['JArray.Parse("[1,2]").First.ToString()', ['1', S]],
    ['new[] { 1, 2 }.Length', ['2', I]],
  ]);
});

describe('static method groups of registered types convert to delegates of any arity', () => {
  runTable([
    ['string.Join(",", "a1b".Where(char.IsLetter))', ['a,b', S]],
    ['new string("a1b".Where(char.IsLetter).ToArray())', ['ab', S]],
    ['"a1b".Count(char.IsDigit)', ['1', I]],
    ['"123".All(char.IsDigit)', ['True', B]],
    ['new string("ab".Select(char.ToUpper).ToArray())', ['AB', S]],
    ['string.Join(",", new[] { "1", "2" }.Select(int.Parse))', ['1,2', S]],
    ['string.Join(",", new[] { "1", "2" }.Select(Convert.ToInt32))', ['1,2', S]],
    ['string.Join(",", new[] { "1.5" }.Select(double.Parse))', ['1.5', S]],
    ['new[] { "", "a" }.Count(string.IsNullOrEmpty)', ['1', I]],
    ['string.Join(",", new[] { "a b" }.Select(Uri.EscapeDataString))', ['a%20b', S]],
    ['string.Join(",", new[] { "2020-01-02" }.Select(DateTime.Parse).Select(d => d.Day))', ['2', S]],
    ['new[] { "a", "b" }.Aggregate(string.Concat)', ['ab', S]],
    ['new[] { 1, 5, 3 }.Aggregate(Math.Max)', ['5', I]],
    ['string.Join(",", "ab".ToCharArray())', ['a,b', S]],
  ]);
});

describe('collection interfaces (calls dispatch to the value’s own members, as interface calls do)', () => {
  runTable([
    [block('IReadOnlyDictionary<string, int> d = new Dictionary<string, int> { { "a", 1 }, { "b", 2 } }; return d.Count + d["b"];'), ['4', I]],
    [block('IReadOnlyDictionary<string, int> d = new Dictionary<string, int> { { "a", 1 } }; int v; return d.TryGetValue("a", out v) && d.ContainsKey("a") ? v : -1;'), ['1', I]],
    [block('IReadOnlyDictionary<string, int> d = new Dictionary<string, int> { { "a", 1 } }; return string.Join(",", d.Keys) + string.Join(",", d.Values);'), ['a1', S]],
    [block('IReadOnlyDictionary<string, int> d = new Dictionary<string, int>(); return d["x"];'), { throws: 'System.Collections.Generic.KeyNotFoundException', message: "The given key 'x' was not present in the dictionary." }],
    [block('IDictionary<string, int> d = new Dictionary<string, int>(); d["x"] = 2; d.Add("y", 3); d.Remove("x"); return d.Count + d["y"];'), ['4', I]],
    [block('IList<string> l = new List<string> { "a" }; l.Add("b"); l[0] = "z"; l.Insert(1, "m"); return string.Join(",", l) + l.Count + l.IndexOf("b");'), ['z,m,b32', S]],
    [block('IList<string> l = new[] { "a", "b" }; l[1] = "c"; return l.Count + l[1] + l.Contains("a") + l.IndexOf("c");'), ['2cTrue1', S]],
    [block('IList<string> l = new[] { "a" }; return l[1];'), { throws: 'System.IndexOutOfRangeException', message: 'Index was outside the bounds of the array.' }],
    [block('IList<string> l = new[] { "a" }; l.Add("b"); return l.Count;'), { throws: 'System.NotSupportedException', message: 'Collection was of a fixed size.' }],
    [block('ICollection<int> c = new HashSet<int> { 1, 2 }; c.Add(2); c.Add(3); return c.Count + (c.Contains(3) ? 10 : 0);'), ['13', I]],
    [block('IReadOnlyCollection<int> c = new List<int> { 1, 2, 3 }; return c.Count;'), ['3', I]],
    [block('IReadOnlyList<string> l = new List<string> { "a", "b" }; return l[1] + l.Count;'), ['b2', S]],
    ['((IReadOnlyDictionary<string, string[]>)context.Request.Headers).Count >= 0', ['True', B]],
  ]);
});
