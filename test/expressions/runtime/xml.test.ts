/**
 * System.Xml.Linq and the XmlReader subset, as .NET 6+ on APIM's Windows gateways shows them: ToString()
 * indents with two spaces and "\r\n", exception messages are .NET Core's. (xml-oracle.test.ts checks the
 * same surface against Mono; xml/ holds the corpus, Body.As and budget tests.)
 */
import { describe } from 'vitest';
import { runTable } from './table.js';
import { ORDER, SOAP } from './xml/cases.js';

const S = 'System.String';
const I = 'System.Int32';
const B = 'System.Boolean';
const XE = 'System.Xml.Linq.XElement';
const XD = 'System.Xml.Linq.XDocument';
const XN = 'System.Xml.Linq.XName';
const XNS = 'System.Xml.Linq.XNamespace';
const XA = 'System.Xml.Linq.XAttribute';
const NT = 'System.Xml.XmlNodeType';
const XML = 'System.Xml.XmlException';
const NL = '\r\n';
const doc = `XDocument.Parse("${ORDER}")`;
const orders = 'XNamespace.Get("urn:orders")';

describe('parse', () => {
  runTable([
    ['XDocument.Parse("<a><b>1</b><c x=\'1\'/></a>")', [`<a>${NL}  <b>1</b>${NL}  <c x="1" />${NL}</a>`, XD]],
    ['XDocument.Parse("<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?><a/>").Declaration', ['<?xml version="1.0" encoding="utf-8"?>', 'System.Xml.Linq.XDeclaration']],
    ['XDocument.Parse("<?xml version=\'1.0\'?><a/>").Declaration.Encoding == null', ['True', B]],
    ['XDocument.Parse("<a/>").Declaration == null', ['True', B]],
    ['XElement.Parse("<a>x &amp; &lt; &#65;&#x42; \\"\'</a>").Value', ['x & < AB "\'', S]],
    ['XElement.Parse("<a b=\\"x&amp;&quot;\'&lt;>\\"/>").Attribute("b").Value', ['x&"\'<>', S]],
    ['XElement.Parse("<a b=\'x\\ny\\tz&#10;\'/>").Attribute("b").Value', ['x y z\n', S]],
    ['XElement.Parse("<a>x\\r\\ny</a>").Value', ['x\ny', S]],
    ['XElement.Parse("<a>  <b> x </b>  </a>").Nodes().Count()', ['1', I]],
    ['XElement.Parse("<a>  <b> x </b>  </a>", LoadOptions.PreserveWhitespace).Nodes().Count()', ['3', I]],
    ['XElement.Parse("<a> <!--c--> x</a>").Nodes().Count()', ['2', I]],
    ['XElement.Parse("<a>   </a>").IsEmpty', ['False', B]],
    ['XElement.Parse("<a>   </a>").Value', ['', S]],
    ['XElement.Parse("<a/>").IsEmpty', ['True', B]],
    ['XElement.Parse("<a><![CDATA[x<y]]></a>").Value', ['x<y', S]],
    ['XElement.Parse("<?xml version=\'1.0\'?><!--c--><a/>").Name', ['a', XN]],
    ['XElement.Parse("<a/>").Parent == null', ['True', B]],
    ['XDocument.Parse("<!DOCTYPE a><a/>").DocumentType.Name', ['a', S]],
    ['XDocument.Parse("<a/>").Root.Document != null', ['True', B]],
    ['XDocument.Parse("<!--c--><a/><?pi x?>").Nodes().Count()', ['3', I]],
    ['XElement.Parse("<a>\\u00e9\\u4e2d</a>").Value', ['é中', S]],
  ]);
});

describe('navigation and LINQ', () => {
  runTable([
    [`${doc}.Descendants().Where(r => r.Name.LocalName == "item").First().Value`, ['Pen', S]],
    [`${doc}.Descendants().Where(r => r.Name.LocalName == "note").FirstOrDefault().Value`, ['Leave at door', S]],
    [`${doc}.Descendants().Count(r => r.Name.LocalName == "item")`, ['2', I]],
    [`${doc}.Descendants().Where(r => r.Name.LocalName == "zzz").FirstOrDefault() == null`, ['True', B]],
    [`${doc}.Descendants().Select(e => e.Name.LocalName).Last()`, ['b', S]],
    [`string.Join(",", ${doc}.Root.Elements().Select(e => e.Name.LocalName))`, ['item,item,note', S]],
    [`string.Join(",", ${doc}.Root.Elements().Attributes("sku").Select(a => a.Value))`, ['A1,B2', S]],
    [`${doc}.Root.Elements(${orders}.GetName("item")).Count()`, ['2', I]],
    [`${doc}.Root.Element("item") == null`, ['True', B]],
    [`${doc}.Root.Element("{urn:orders}item").Attribute("sku").Value`, ['A1', S]],
    [`${doc}.Root.Elements().Last().Elements().First().Parent.Name.LocalName`, ['note', S]],
    [`${doc}.Root.Elements().Elements().Count()`, ['1', I]],
    [`${doc}.Root.Elements().First().ElementsAfterSelf().Count()`, ['2', I]],
    [`${doc}.Root.Elements().Last().ElementsBeforeSelf().First().Value`, ['Pen', S]],
    [`${doc}.Descendants("{urn:orders}b").First().Ancestors().Count()`, ['2', I]],
    [`${doc}.Descendants("{urn:orders}b").First().AncestorsAndSelf().Count()`, ['3', I]],
    [`${doc}.Root.DescendantsAndSelf().Count()`, ['5', I]],
    [`${doc}.Root.DescendantNodes().Count()`, ['9', I]],
    [`${doc}.Root.Elements().Skip(1).First().Value`, ['Book', S]],
    [`${doc}.Root.Elements().OrderByDescending(e => e.Value).First().Value`, ['Pen', S]],
    [`${doc}.Root.Elements().Any(e => e.HasAttributes)`, ['True', B]],
    ['XElement.Parse("<a>1<!--c-->2<b>3</b></a>").Value', ['123', S]],
    ['XElement.Parse("<a><b>1</b><c>2</c></a>").Element("b").NextNode', ['<c>2</c>', XE]],
    ['XElement.Parse("<a><b>1</b><c>2</c></a>").Element("c").PreviousNode', ['<b>1</b>', XE]],
    ['XElement.Parse("<a><b>1</b><c>2</c></a>").Element("c").NextNode == null', ['True', B]],
    ['XElement.Parse("<a><b>1</b><c>2</c></a>").Element("c").NodeType', ['Element', NT]],
    ['XElement.Parse("<a>x</a>").FirstNode.NodeType', ['Text', NT]],
    ['XElement.Parse("<a><![CDATA[x]]></a>").FirstNode', ['<![CDATA[x]]>', 'System.Xml.Linq.XCData']],
    ['XDocument.Parse("<a/>").NodeType', ['Document', NT]],
    ['XElement.Parse("<a><b/><c/></a>").Elements().ToList().Count', ['2', I]],
    ['XElement.Parse("<a><b/></a>").Elements().First().IsBefore(XElement.Parse("<a/>"))', { throws: 'System.InvalidOperationException', message: 'A common ancestor is missing.' }],
    ['XDocument.Parse("<a><b x=\'1\'/><b x=\'2\'/></a>").Root.Elements("b").Attributes("x").Select(a => (int)a).Sum()', ['3', I]],
    ['XDocument.Parse("<a><b><c>1</c></b><b><c>2</c></b></a>").Root.Elements("b").Elements("c").Last().Value', ['2', S]],
    ['XDocument.Parse("<a><b><c/></b></a>").Root.Elements().Descendants().Count()', ['1', I]],
  ]);
});

describe('values and casts', () => {
  runTable([
    ['(int)XElement.Parse("<a> 12 </a>")', ['12', I]],
    ['(bool)XElement.Parse("<a>TRUE</a>")', ['True', B]],
    ['(bool)XElement.Parse("<a>0</a>")', ['False', B]],
    ['(double)XElement.Parse("<a>-INF</a>")', ['-Infinity', 'System.Double']],
    ['(double)XElement.Parse("<a>1e3</a>")', ['1000', 'System.Double']],
    ['(decimal)XElement.Parse("<a>2.50</a>")', ['2.50', 'System.Decimal']],
    ['new XElement("a", 1.50m).Value', ['1.50', 'System.String']],
    ['(long)XElement.Parse("<a>9007199254740993</a>")', ['9007199254740993', 'System.Int64']],
    ['(string)XElement.Parse("<a/>").Element("b") == null', ['True', B]],
    ['(int?)XElement.Parse("<a/>").Element("b") == null', ['True', B]],
    ['(int?)XElement.Parse("<a><b>7</b></a>").Element("b")', ['7', I]],
    ['(DateTime)XElement.Parse("<a>2024-01-05T10:00:00Z</a>")', ['01/05/2024 10:00:00', 'System.DateTime']],
    ['((DateTime)XElement.Parse("<a>2024-01-05T10:00:00+02:00</a>")).ToString("o")', ['2024-01-05T08:00:00.0000000+00:00', S]],
    ['((DateTime)XElement.Parse("<a>2024-01-05</a>")).Kind', ['Unspecified', 'System.DateTimeKind']],
    ['(int)XElement.Parse("<a x=\'5\'/>").Attribute("x") + 1', ['6', I]],
    ['(bool?)XElement.Parse("<a/>").Attribute("x") ?? true', ['True', B]],
    ['new XAttribute("a", true)', ['a="true"', XA]],
    ['new XAttribute("a", 2.5)', ['a="2.5"', XA]],
    ['new XElement("a", double.PositiveInfinity)', ['<a>INF</a>', XE]],
    ['new XElement("a", new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc))', ['<a>2024-01-02T03:04:05Z</a>', XE]],
    ['new XElement("a", 1.0 / 3)', ['<a>0.3333333333333333</a>', XE]],
    ['new XElement("a", TimeSpan.FromDays(2))', ['<a>P2D</a>', XE]],
    ['new XElement("a", TimeSpan.Zero)', ['<a>PT0S</a>', XE]],
    ['(TimeSpan)XElement.Parse("<a>-P1DT0.5S</a>")', ['-1.00:00:00.5000000', 'System.TimeSpan']],
    ['XElement.Parse("<a xml:space=\'preserve\'>  <b/>  </a>").Nodes().Count()', ['3', I]],
    ['(DateTime)XElement.Parse("<a>x</a>")', { throws: 'System.FormatException', message: "String 'x' was not recognized as a valid DateTime." }],
    ['(TimeSpan)XElement.Parse("<a>1 hour</a>")', { throws: 'System.FormatException', message: "The string '1 hour' is not a valid TimeSpan value." }],
    ['(int)XElement.Parse("<a>x</a>")', { throws: 'System.FormatException', message: "The input string 'x' was not in a correct format." }],
    ['(bool)XElement.Parse("<a>yes</a>")', { throws: 'System.FormatException', message: "The string 'yes' is not a valid Boolean value." }],
    ['(int)XElement.Parse("<a>99999999999</a>")', { throws: 'System.OverflowException', message: 'Value was either too large or too small for an Int32.' }],
    ['(int)XElement.Parse("<a/>").Element("b")', { throws: 'System.ArgumentNullException', message: "Value cannot be null. (Parameter 'element')" }],
    ['(int)XElement.Parse("<a/>").Attribute("b")', { throws: 'System.ArgumentNullException', message: "Value cannot be null. (Parameter 'attribute')" }],
    ['{ var o = new JObject(); o["v"] = XElement.Parse("<a><b>x</b></a>").Element("b").Value; return o.ToString(Newtonsoft.Json.Formatting.None); }', ['{"v":"x"}', S]],
  ]);
});

describe('namespaces', () => {
  runTable([
    ['XName.Get("{urn:a}b")', ['{urn:a}b', XN]],
    ['XName.Get("{urn:a}b").Namespace', ['urn:a', XNS]],
    ['XName.Get("b", "urn:a").NamespaceName', ['urn:a', S]],
    ['XNamespace.Get("urn:a").GetName("b").LocalName', ['b', S]],
    ['XNamespace.None.NamespaceName', ['', S]],
    ['XNamespace.Get("urn:a") == "urn:a"', ['True', B]],
    ['XName.Get("{urn:a}b") == XName.Get("b", "urn:a")', ['True', B]],
    ['XElement.Parse("<a xmlns=\'urn:x\'><b/></a>").Elements().First().Name == "b"', ['False', B]],
    ['XElement.Parse("<a xmlns=\'urn:x\'><b/></a>").Elements().First().Name == "{urn:x}b"', ['True', B]],
    ['XElement.Parse("<a xmlns=\'urn:x\'><b/></a>").FirstAttribute.IsNamespaceDeclaration', ['True', B]],
    ['XElement.Parse("<a xmlns:p=\'urn:x\'><p:b/></a>").FirstAttribute.Name', ['{http://www.w3.org/2000/xmlns/}p', XN]],
    ['XElement.Parse("<a xml:lang=\'en\'/>").Attributes().First().Name', ['{http://www.w3.org/XML/1998/namespace}lang', XN]],
    ['XElement.Parse("<a xmlns:p=\'urn:p\'><p:b/></a>").Elements().First()', ['<p:b xmlns:p="urn:p" />', XE]],
    ['XElement.Parse("<a xmlns=\'urn:x\'><b/></a>").Elements().First()', ['<b xmlns="urn:x" />', XE]],
    ['new XElement(XName.Get("b", "urn:a"), new XElement(XName.Get("c", "urn:a")))', [`<b xmlns="urn:a">${NL}  <c />${NL}</b>`, XE]],
    ['new XElement(XName.Get("b", "urn:a"), new XElement("c"))', [`<b xmlns="urn:a">${NL}  <c xmlns="" />${NL}</b>`, XE]],
    ['new XElement(XName.Get("b", "urn:a"), new XAttribute(XNamespace.Xmlns.GetName("p"), "urn:a"), new XElement(XName.Get("c", "urn:a")))', [`<p:b xmlns:p="urn:a">${NL}  <p:c />${NL}</p:b>`, XE]],
    ['new XElement("b", new XAttribute(XName.Get("c", "urn:c"), 1))', ['<b p1:c="1" xmlns:p1="urn:c" />', XE]],
    ['XElement.Parse("<a xmlns:p=\'urn:p\'><b/></a>").Element("b").GetPrefixOfNamespace(XNamespace.Get("urn:p"))', ['p', S]],
    ['XElement.Parse("<a xmlns=\'urn:d\'/>").GetDefaultNamespace()', ['urn:d', XNS]],
    ['new XElement("a b")', { throws: XML, message: "The ' ' character, hexadecimal value 0x20, cannot be included in a name." }],
    ['new XElement("")', { throws: 'System.ArgumentException', message: "'' is an invalid expanded name." }],
  ]);
});

describe('construction and mutation', () => {
  runTable([
    ['new XElement("a", new XAttribute("b", 1), "te<xt", new XElement("c", 2.5), new XComment("hi"))', ['<a b="1">te&lt;xt<c>2.5</c><!--hi--></a>', XE]],
    ['new XElement("a", new[] { 1, 2 }.Select(i => new XElement("i", i)))', [`<a>${NL}  <i>1</i>${NL}  <i>2</i>${NL}</a>`, XE]],
    ['new XElement("a", null, "x", null)', ['<a>x</a>', XE]],
    ['new XDocument(new XDeclaration("1.0", "utf-8", "yes"), new XElement("a")).ToString()', ['<a />', S]],
    ['{ var e = XElement.Parse("<a><b>1</b></a>"); e.Element("b").Remove(); return e; }', ['<a />', XE]],
    ['{ var e = XElement.Parse("<a><b>1</b></a>"); e.SetElementValue("c", 5); e.SetAttributeValue("x", 1.5); return e; }', [`<a x="1.5">${NL}  <b>1</b>${NL}  <c>5</c>${NL}</a>`, XE]],
    ['{ var e = XElement.Parse("<a><b>1</b></a>"); e.Value = "z<"; return e; }', ['<a>z&lt;</a>', XE]],
    ['{ var e = XElement.Parse("<a><b>1</b></a>"); e.Element("b").ReplaceWith(new XElement("c", "2")); return e; }', [`<a>${NL}  <c>2</c>${NL}</a>`, XE]],
    ['{ var e = XElement.Parse("<a>x</a>"); e.Add("y"); return e.Nodes().Count(); }', ['1', I]],
    ['{ var e = XElement.Parse("<a><b/><c/></a>"); e.Elements().Remove(); return e; }', ['<a />', XE]],
    ['{ var e = XElement.Parse("<a><b>1</b></a>"); var f = new XElement("f", e.Element("b")); return e.Elements().Count() + f.Elements().Count(); }', ['2', I]],
    ['{ var e = XElement.Parse("<a><b/></a>"); e.Add(e); return e.ToString(SaveOptions.DisableFormatting); }', ['<a><b /><a><b /></a></a>', S]],
    ['{ var e = XElement.Parse("<a><b/></a>"); e.Add(e.Elements()); return e.Elements().Count(); }', ['2', I]],
    ['{ var e = new XElement("a"); e.Value = ""; return e; }', ['<a></a>', XE]],
    ['{ var e = XElement.Parse("<a><b/></a>"); e.ReplaceNodes(e.Elements().Select(x => new XElement("n", x.Name.LocalName))); return e; }', [`<a>${NL}  <n>b</n>${NL}</a>`, XE]],
    ['new XElement("a", new XAttribute("b", 1), new XAttribute("b", 2))', { throws: 'System.InvalidOperationException', message: 'Duplicate attribute.' }],
    ['new XDocument(new XElement("a"), new XElement("b"))', { throws: 'System.InvalidOperationException', message: 'This operation would create an incorrectly structured document.' }],
    ['new XDocument("x")', { throws: 'System.ArgumentException', message: 'Non-whitespace characters cannot be added to content.' }],
    ['{ var e = new XElement("a"); e.Remove(); return e; }', { throws: 'System.InvalidOperationException', message: 'The parent is missing.' }],
    ['new XAttribute("a", null)', { throws: 'System.ArgumentNullException', message: "Value cannot be null. (Parameter 'value')" }],
  ]);
});

describe('ToString formatting', () => {
  runTable([
    ['XElement.Parse("<a><b><c/></b><b/></a>").ToString()', [`<a>${NL}  <b>${NL}    <c />${NL}  </b>${NL}  <b />${NL}</a>`, S]],
    ['XElement.Parse("<a><b>1</b>x<c>2</c></a>").ToString()', [`<a>${NL}  <b>1</b>x<c>2</c></a>`, S]],
    ['new XElement("a", "t", new XElement("c"))', ['<a>t<c /></a>', XE]],
    ['XElement.Parse("<a><!--c--><b/></a>")', [`<a>${NL}  <!--c-->${NL}  <b />${NL}</a>`, XE]],
    ['XElement.Parse("<a><b>x\\ny</b></a>")', [`<a>${NL}  <b>x${NL}y</b>${NL}</a>`, XE]],
    ['XElement.Parse("<a b=\'x&#10;&#9;\'/>")', ['<a b="x&#xA;&#x9;" />', XE]],
    ['XElement.Parse("<a></a>")', ['<a></a>', XE]],
    ['XElement.Parse("<a><b></b></a>")', [`<a>${NL}  <b></b>${NL}</a>`, XE]],
    ['XElement.Parse("<a><b>1</b></a>").ToString(SaveOptions.DisableFormatting)', ['<a><b>1</b></a>', S]],
    ['XDocument.Parse("<!--c--><a/>")', [`<!--c-->${NL}<a />`, XD]],
    ['XDocument.Parse("<!DOCTYPE a><a/>")', [`<!DOCTYPE a []>${NL}<a />`, XD]],
    ['new XComment("a--b")', ['<!--a- -b-->', 'System.Xml.Linq.XComment']],
    ['new XCData("a]]>b")', ['<![CDATA[a]]]]><![CDATA[>b]]>', 'System.Xml.Linq.XCData']],
    ['new XProcessingInstruction("xml-stylesheet", "href=\'a\'")', ["<?xml-stylesheet href='a'?>", 'System.Xml.Linq.XProcessingInstruction']],
    ['new XText("a<b")', ['a&lt;b', 'System.Xml.Linq.XText']],
    ['$"{new XElement("a", 1)}!"', ['<a>1</a>!', S]],
    ['new XElement("a", "\\u0001")', { throws: 'System.ArgumentException', message: "'\u0001', hexadecimal value 0x01, is an invalid character." }],
  ]);
});

describe('XmlReader and StringReader', () => {
  const read = (xml: string, body: string) => `{ var r = XmlReader.Create(new StringReader("${xml}")); ${body} }`;
  runTable([
    [
      `{ var ret = ""; using (XmlReader reader = XmlReader.Create(new StringReader("${SOAP}"))) { reader.MoveToContent(); reader.Read(); while (!reader.EOF && ret == "") { if (reader.Name == "SomeCustomNestedElement") { var el = XNode.ReadFrom(reader) as XElement; ret = el == null ? "" : el.Value; } else { reader.Read(); } } } return ret; }`,
      ['ABCDEF123456789', S],
    ],
    [read("<a x='1' p:y='2' xmlns:p='urn:p'>t<b/></a>", 'r.MoveToContent(); return r.Name + r.AttributeCount + r.GetAttribute("y", "urn:p") + r.GetAttribute("p:y") + r.Depth;'), ['a3220', S]],
    [read('<?xml version=\'1.0\'?><a/>', 'r.Read(); return r.NodeType + ":" + r.Name + ":" + r.Value;'), ['XmlDeclaration:xml:version=\'1.0\'', S]],
    [read('<a><b>1</b>\\n<c>2</c></a>', 'r.MoveToContent(); r.Read(); var e = XNode.ReadFrom(r); return e + "/" + r.NodeType;'), ['<b>1</b>/Whitespace', S]],
    [read('<a><b>x<!--c-->y<![CDATA[z]]></b><c/></a>', 'r.ReadToFollowing("b"); return r.ReadElementContentAsString() + "/" + r.NodeType + r.Name;'), ['xyz/Elementc', S]],
    [read('<a><b>x<e/></b><c/></a>', 'r.ReadToFollowing("b"); return r.ReadInnerXml() + "/" + r.NodeType + r.Name;'), ['x<e />/Elementc', S]],
    [read('<a><b>x<e/></b><c/></a>', 'r.ReadToFollowing("b"); r.Skip(); return r.NodeType + r.Name;'), ['Elementc', S]],
    [read('<a><b>x<e/></b><c/></a>', 'r.MoveToContent(); return r.ReadToDescendant("e") + "/" + r.Depth;'), ['True/2', S]],
    [read('<a><b/></a>', 'return r.ReadToFollowing("zz") + "/" + r.EOF + r.ReadState;'), ['False/TrueEndOfFile', S]],
    [read('<a/>', 'r.Close(); return r.Read() + "/" + r.ReadState;'), ['False/Closed', S]],
    [read('<a/>', 'return XNode.ReadFrom(r);'), { throws: 'System.InvalidOperationException', message: 'The XmlReader state should be Interactive.' }],
    [read('<a><b></a>', 'while (r.Read()) {} return r.EOF;'), { throws: XML, message: "The 'b' start tag on line 1 position 5 does not match the end tag of 'a'. Line 1, position 9." }],
    [read('<!DOCTYPE a><a/>', 'r.Read(); return r.NodeType;'), { throws: XML }],
    ['XmlReader.Create("http://example.com/a.xml")', { throws: 'System.NotSupportedException' }],
    ['{ var r = new StringReader("ab\\r\\ncd\\nef"); return r.ReadLine() + "|" + (char)r.Peek() + "|" + r.ReadLine() + "|" + r.ReadToEnd() + "|" + (r.ReadLine() == null); }', ['ab|c|cd|ef|True', S]],
    ['{ var r = new StringReader("ab"); r.Dispose(); return r.Read(); }', { throws: 'System.ObjectDisposedException', message: 'Cannot read from a closed TextReader.' }],
    ['{ var w = new StringWriter(); w.Write("a"); w.WriteLine(1); w.Write("{0}-{1}", 2, 3); return w.ToString(); }', [`a1${NL}2-3`, S]],
  ]);
});

describe('errors', () => {
  runTable([
    ['XElement.Parse("<a><b>1</a>")', { throws: XML, message: "The 'b' start tag on line 1 position 5 does not match the end tag of 'a'. Line 1, position 10." }],
    ['XElement.Parse("<a>\\n<b>1</b>\\n<c></a>")', { throws: XML, message: "The 'c' start tag on line 3 position 2 does not match the end tag of 'a'. Line 3, position 6." }],
    ['XElement.Parse("")', { throws: XML, message: 'Root element is missing.' }],
    ['XElement.Parse("<a>&foo;</a>")', { throws: XML, message: "Reference to undeclared entity 'foo'. Line 1, position 5." }],
    ['XElement.Parse("<a><b/></a><c/>")', { throws: XML, message: 'There are multiple root elements. Line 1, position 13.' }],
    ['XElement.Parse("text")', { throws: XML, message: 'Data at the root level is invalid. Line 1, position 1.' }],
    ['XElement.Parse("<a x=\'1\' x=\'2\'/>")', { throws: XML, message: "'x' is a duplicate attribute name. Line 1, position 10." }],
    ['XElement.Parse("<p:a/>")', { throws: XML, message: "'p' is an undeclared prefix. Line 1, position 2." }],
    ['XDocument.Parse("<a>")', { throws: XML, message: 'Unexpected end of file has occurred. The following elements are not closed: a. Line 1, position 4.' }],
    ['XDocument.Parse("<a><b>")', { throws: XML, message: 'Unexpected end of file has occurred. The following elements are not closed: b, a. Line 1, position 7.' }],
    ['XDocument.Parse("<a x=\'1>")', { throws: XML, message: 'There is an unclosed literal string. Line 1, position 9.' }],
    ['XDocument.Parse("<a x=1/>")', { throws: XML, message: "'1' is an unexpected token. The expected token is '\"' or '''. Line 1, position 6." }],
    ['XDocument.Parse("<a><</a>")', { throws: XML, message: "Name cannot begin with the '<' character, hexadecimal value 0x3C. Line 1, position 5." }],
    ['XDocument.Parse("<a>&#xZZ;</a>")', { throws: XML, message: 'Invalid syntax for a hexadecimal numeric entity reference. Line 1, position 7.' }],
    ['XDocument.Parse("<a>a & b</a>")', { throws: XML, message: 'An error occurred while parsing EntityName. Line 1, position 7.' }],
    ['XDocument.Parse("</a>")', { throws: XML, message: 'Unexpected end tag. Line 1, position 3.' }],
    ['XDocument.Parse("<a><!-- x -- y --></a>")', { throws: XML, message: "An XML comment cannot contain '--', and '-' cannot be the last character. Line 1, position 11." }],
    ['XDocument.Parse(" <?xml version=\'1.0\'?><a/>")', { throws: XML, message: 'Unexpected XML declaration. The XML declaration must be the first node in the document, and no white space characters are allowed to appear before it. Line 1, position 4.' }],
    ['XDocument.Parse("<a b=\'<\'/>")', { throws: XML, message: "'<', hexadecimal value 0x3C, is an invalid attribute character. Line 1, position 7." }],
    ['XDocument.Parse("<a>]]></a>")', { throws: XML, message: "']]>' is not allowed in character data. Line 1, position 4." }],
    ['XDocument.Parse("<a>\\u0001</a>")', { throws: XML, message: "'\u0001', hexadecimal value 0x01, is an invalid character. Line 1, position 4." }],
    ['XDocument.Parse(null)', { throws: 'System.ArgumentNullException', message: "Value cannot be null. (Parameter 'text')" }],
    ['{ try { XDocument.Parse("<a>"); return "no"; } catch (XmlException e) { return e.GetType().Name; } }', ['XmlException', S]],
  ]);
});
