import { describe } from 'vitest';
import { runTable } from './table.js';

const S = 'System.String';
const I = 'System.Int32';
const B = 'System.Boolean';
const u = 'new Uri("HTTPS://User:pw@Example.COM:8443/a%20b/c.txt?x=1&y=2#frag")';

describe('Uri, WebUtility, HttpUtility', () => {
  runTable([
    [`${u}.Scheme`, ['https', S]],
    [`${u}.Host`, ['example.com', S]],
    [`${u}.Port`, ['8443', I]],
    [`${u}.Authority`, ['example.com:8443', S]],
    [`${u}.AbsolutePath`, ['/a%20b/c.txt', S]],
    [`${u}.PathAndQuery`, ['/a%20b/c.txt?x=1&y=2', S]],
    [`${u}.Query`, ['?x=1&y=2', S]],
    [`${u}.Fragment`, ['#frag', S]],
    [`${u}.UserInfo`, ['User:pw', S]],
    [`${u}.AbsoluteUri`, ['https://User:pw@example.com:8443/a%20b/c.txt?x=1&y=2#frag', S]],
    [`${u}.ToString()`, ['https://User:pw@example.com:8443/a b/c.txt?x=1&y=2#frag', S]],
    [`${u}.Segments.Length`, ['3', I]],
    [`${u}.Segments[1]`, ['a%20b/', S]],
    [`${u}.GetLeftPart(UriPartial.Scheme)`, ['https://', S]],
    [`${u}.GetLeftPart(UriPartial.Authority)`, ['https://User:pw@example.com:8443', S]],
    [`${u}.GetLeftPart(UriPartial.Path)`, ['https://User:pw@example.com:8443/a%20b/c.txt', S]],
    [`${u}.GetLeftPart(UriPartial.Query)`, ['https://User:pw@example.com:8443/a%20b/c.txt?x=1&y=2', S]],
    ['new Uri("http://example.com").Port', ['80', I]],
    ['new Uri("wss://example.com/hub").Port', ['443', I]],
    ['new Uri("http://example.com").AbsolutePath', ['/', S]],
    ['new Uri("http://example.com").Query', ['', S]],
    ['new Uri("http://example.com").IsDefaultPort', ['True', B]],
    ['new Uri(new Uri("https://a.com/x/y"), "../z?q=1").AbsoluteUri', ['https://a.com/z?q=1', S]],
    ['new Uri("not a uri")', { throws: 'System.UriFormatException', message: 'Invalid URI: The format of the URI could not be determined.' }],
    ['new Uri("")', { throws: 'System.UriFormatException', message: 'Invalid URI: The URI is empty.' }],
    ['new Uri("http://host:99999/")', { throws: 'System.UriFormatException', message: 'Invalid URI: Invalid port specified.' }],
    ['new Uri("/relative", UriKind.Relative).IsAbsoluteUri', ['False', B]],
    ['new Uri("/relative", UriKind.Relative).Host', { throws: 'System.InvalidOperationException', message: 'This operation is not supported for a relative URI.' }],
    ['Uri.TryCreate("https://ok.example/x", UriKind.Absolute, out var r) ? r.Host : "bad"', ['ok.example', S]],
    ['Uri.TryCreate("::nope", UriKind.Absolute, out var r)', ['False', B]],
    ['Uri.IsWellFormedUriString("https://a.com/p?q=1", UriKind.Absolute)', ['True', B]],
    ['Uri.IsWellFormedUriString("https://a.com/a b", UriKind.Absolute)', ['False', B]],
    ['Uri.EscapeDataString("a b&c=d/é!*\'()~")', ['a%20b%26c%3Dd%2F%C3%A9%21%2A%27%28%29~', S]],
    ['Uri.UnescapeDataString("a%20b%2Bc+d%C3%A9")', ['a b+c+dé', S]],
    ['Uri.UnescapeDataString("100%")', ['100%', S]],
    ['Uri.EscapeDataString(null)', { throws: 'System.ArgumentNullException', message: "Value cannot be null. (Parameter 'stringToEscape')" }],
    ['System.Net.WebUtility.UrlEncode("a b&c=d/é")', ['a+b%26c%3Dd%2F%C3%A9', S]],
    ['WebUtility.UrlEncode("(x)!*-_.")', ['(x)!*-_.', S]],
    ['WebUtility.UrlDecode("a+b%26c%3d")', ['a b&c=', S]],
    ['WebUtility.HtmlEncode("<a href=\\"x\\">Tom & Jerry\'s</a>")', ['&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;', S]],
    ['WebUtility.HtmlEncode("café ©")', ['caf&#233; &#169;', S]],
    ['WebUtility.HtmlDecode("&lt;b&gt; &amp;amp; &#65;&#x42; &copy; &unknown;")', ['<b> &amp; AB © &unknown;', S]],
    ['WebUtility.UrlEncode(null) == null', ['True', B]],
    ['System.Web.HttpUtility.UrlEncode("a b/é")', ['a+b%2f%c3%a9', S]],
    ['HttpUtility.HtmlEncode("<x>")', ['&lt;x&gt;', S]],
  ]);
});
