/**
 * Builds the member index of docs/dotnet-surface.md from the registry itself, so the document lists
 * exactly what resolves. The types are those registered by the library modules of runtime/ (all.ts).
 */
import '../../../src/expressions/runtime/index.js';
import { allTypes, extensionsNamed, isOverloads, signatureOf, type MemberSpec, type Overload, type TypeDef } from '../../../src/expressions/registry.js';

/** The type prefixes the library modules own (string, JSON and context are documented elsewhere). */
const OWNED = [
  'System.Convert',
  'System.BitConverter',
  'System.Text.Encoding',
  'System.Text.UTF8Encoding',
  'System.Text.StringBuilder',
  'System.Text.RegularExpressions.',
  'System.Globalization.NumberStyles',
  'System.Globalization.DateTimeStyles',
  'System.Int16',
  'System.Int32',
  'System.Int64',
  'System.Byte',
  'System.SByte',
  'System.UInt16',
  'System.UInt32',
  'System.UInt64',
  'System.Double',
  'System.Single',
  'System.Decimal',
  'System.Boolean',
  'System.DateTime',
  'System.DateTimeOffset',
  'System.TimeSpan',
  'System.DayOfWeek',
  'System.Guid',
  'System.Math',
  'System.MidpointRounding',
  'System.Random',
  'System.Uri',
  'System.TimeZoneInfo',
  'System.Enum',
  'System.Tuple',
  'System.Net.IPAddress',
  'System.Net.Sockets.AddressFamily',
  'System.TimeZoneNotFoundException',
  'System.UriKind',
  'System.UriPartial',
  'System.Net.WebUtility',
  'System.Web.HttpUtility',
  'System.StringComparer',
  'System.Array',
  'System.Collections.Generic.List',
  'System.Collections.Generic.Dictionary',
  'System.Collections.Generic.HashSet',
  'System.Collections.Generic.Queue',
  'System.Collections.Generic.Stack',
  'System.Collections.Generic.KeyValuePair',
  'System.Collections.Generic.ICollection',
  'System.Collections.Generic.IList',
  'System.Collections.Generic.IReadOnly',
  'System.Collections.Generic.IDictionary',
  'System.IO.',
  'System.Xml.',
  'System.ObjectDisposedException',
  'System.Linq.',
  'System.Security.Cryptography.',
  'Microsoft.Azure.ApiManagement.Policies.Expressions.Jwt',
  'Microsoft.Azure.ApiManagement.Policies.Expressions.BasicAuthCredentials',
];

const EXTENSION_OWNERS: Record<string, string[]> = {
  'System.Linq.Enumerable': [
    'Where', 'Select', 'SelectMany', 'Any', 'All', 'Count', 'LongCount', 'Contains', 'First', 'Last', 'Single', 'FirstOrDefault',
    'LastOrDefault', 'SingleOrDefault', 'ElementAt', 'ElementAtOrDefault', 'DefaultIfEmpty', 'ToArray', 'ToList', 'ToHashSet',
    'ToDictionary', 'OrderBy', 'OrderByDescending', 'ThenBy', 'ThenByDescending', 'Reverse', 'Skip', 'Take', 'SkipWhile',
    'TakeWhile', 'Distinct', 'DistinctBy', 'Concat', 'Append', 'Prepend', 'Union', 'Intersect', 'Except', 'SequenceEqual', 'Zip',
    'GroupBy', 'Sum', 'Average', 'Min', 'Max', 'MinBy', 'MaxBy', 'Aggregate', 'Cast', 'OfType', 'AsEnumerable',
  ],
  'System.Xml.Linq.Extensions': ['Elements', 'Descendants', 'DescendantsAndSelf', 'Ancestors', 'AncestorsAndSelf', 'Attributes', 'Nodes', 'DescendantNodes', 'Remove'],
  'string (APIM extensions)': ['AsJwt', 'TryParseJwt', 'AsBasic', 'TryParseBasic'],
  'byte[] (APIM extensions)': ['Encrypt', 'Decrypt'],
};

const owned = (def: TypeDef) => OWNED.some((p) => def.fullName === p || (p.endsWith('.') && def.fullName.startsWith(p)) || def.fullName.startsWith(p + '`'));

function overloads(m: MemberSpec): Overload[] {
  return isOverloads(m) ? (Array.isArray(m) ? m : [m]) : [];
}

function describeMember(name: string, m: MemberSpec, def: TypeDef): string {
  if (!isOverloads(m)) return m.kind === 'field' ? `${name}` : `${name}`;
  const arities = [...new Set(overloads(m).map((o) => signatureOf(o, def).params.length))].sort();
  return `${name}(${arities.length === 1 && arities[0] === 0 ? '' : arities.join('/') + ' args'})`.replace('( args)', '()');
}

/** One markdown table row per type: constructors, static and instance members. */
export function surfaceIndex(): string {
  const rows: string[] = ['| Type | Constructors | Static members | Instance members |', '|---|---|---|---|'];
  const defs = allTypes().filter(owned).sort((a, b) => a.fullName.localeCompare(b.fullName));
  for (const def of defs) {
    const name = def.typeParams.length ? `${def.fullName}<${def.typeParams.join(', ')}>` : def.fullName;
    const ctors = def.constructors.length ? [...new Set(def.constructors.map((o) => signatureOf(o, def).params.length))].sort().map((n) => `${n}`).join(', ') + ' args' : '';
    const statics = [...def.statics].map(([n, m]) => describeMember(n, m, def)).sort();
    const enumMembers = [...def.enumMembers.keys()];
    const members = [...def.members].map(([n, m]) => describeMember(n, m, def)).sort();
    if (def.indexers.length) members.push('this[…]');
    for (const tok of def.operators.keys()) members.push(`operator ${tok}`);
    const st = enumMembers.length ? enumMembers.join(', ') : statics.join(', ');
    rows.push(`| \`${name}\` | ${ctors} | ${st} | ${members.join(', ')} |`);
  }
  for (const [owner, names] of Object.entries(EXTENSION_OWNERS)) {
    const present = names.filter((n) => extensionsNamed(n).length > 0);
    rows.push(`| ${owner} (extension methods) | | | ${present.join(', ')} |`);
  }
  return rows.join('\n');
}
