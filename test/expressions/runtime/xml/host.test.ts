/**
 * System.Xml.Linq where it meets the rest of the gateway: the two corpus snippets that use it, evaluated
 * end to end with the XML their comments describe; IMessageBody.As<XDocument>/As<XElement>; how X* values
 * render in traces (their XML text); and the evaluation budget while parsing and printing XML.
 */
import { describe, expect, it } from 'vitest';
import { compileExpression, dotnet, ExpressionEvaluationError, sourceFromString } from '../../../../src/expressions/index.js';
import { stateFromJson } from '../../../../src/expressions/host/state-from-json.js';
import { corpusExpressions } from '../../corpus-helpers.js';
import { describeWithCorpus } from '../../../corpus.js';

const MESSAGE1 = `<message1>
    <conditionValue>true</conditionValue>
    <value1>MESSAGE1_TEST1</value1>
    <value2>MESSAGE1_TEST2</value2>
    <value3>MESSAGE1_TEST3</value3>
</message1>`;

const xmlResponse = (body: string) => ({ statusCode: 200, statusReason: 'OK', headers: { 'Content-Type': 'text/xml' }, body });

function expressionsOf(file: string) {
  const list = corpusExpressions().expressions.filter((e) => e.file === file && e.section === 'inbound' && e.source.kind !== 'jsonata');
  expect(list.length).toBeGreaterThan(0);
  return list;
}

function run(code: string, variables: Record<string, unknown> = {}, budget?: { maxSteps?: number; maxMillis?: number }): unknown {
  const kind = /\breturn\b/.test(code) ? 'block' : 'expression';
  const r = compileExpression(sourceFromString(code, kind, 'xml.xml'), budget ? { budget } : {});
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.evaluator!.evaluate(stateFromJson({ variables: variables as never }));
}

function failure(code: string, variables: Record<string, unknown> = {}, budget?: { maxSteps?: number; maxMillis?: number }): ExpressionEvaluationError {
  try {
    run(code, variables, budget);
  } catch (e) {
    expect(e).toBeInstanceOf(ExpressionEvaluationError);
    return e as ExpressionEvaluationError;
  }
  throw new Error(`expected ${code} to fail`);
}

describeWithCorpus('corpus: Extracting multiple values from xml documents', () => {
  it('stores the three values in a JObject and the condition reads true', () => {
    const [setVariable, condition] = expressionsOf('examples/Extracting multiple values from xml documents.policy.xml');
    expect(setVariable!.setsVariable).toBe('jsonResponse');
    const state = stateFromJson({ variables: { sendRequestResponse: xmlResponse(MESSAGE1) } as never });
    const json = compileExpression(setVariable!.source).evaluator!.evaluate(state);
    expect(dotnet.typeName(json)).toBe('Newtonsoft.Json.Linq.JObject');
    expect(dotnet.toJson(json)).toEqual({ conditionValue: 'true', value1: 'MESSAGE1_TEST1', value3: 'MESSAGE1_TEST3' });
    state.variables.set('jsonResponse', json);
    expect(condition!.source.code).toContain('(bool)((JObject)context.Variables["jsonResponse"])["conditionValue"]');
    expect(compileExpression(condition!.source).evaluator!.evaluate(state)).toBe(true);
  });

  it('a body that is not XML fails with XmlException at the expression', () => {
    const [setVariable] = expressionsOf('examples/Extracting multiple values from xml documents.policy.xml');
    const state = stateFromJson({ variables: { sendRequestResponse: xmlResponse('{"not":"xml"}') } as never });
    try {
      compileExpression(setVariable!.source).evaluator!.evaluate(state);
      expect.unreachable();
    } catch (e) {
      const x = e as ExpressionEvaluationError;
      expect(x.reason).toBe('ExpressionValueEvaluationFailure');
      expect(x.dotnetType).toBe('System.Xml.XmlException');
      expect(x.dotnetMessage).toBe('Data at the root level is invalid. Line 1, position 1.');
      expect(x.file).toContain('Extracting multiple values from xml documents.policy.xml');
    }
  });
});

describeWithCorpus('corpus: Extract value from XML (XmlReader)', () => {
  it('returns the nested element value', () => {
    const [body] = expressionsOf('examples/Extract value from XML.xml');
    expect(body!.source.code).toContain('XmlReader.Create(new StringReader(xml))');
    expect(compileExpression(body!.source).evaluator!.evaluate(stateFromJson({}))).toBe('ABCDEF123456789');
  });
});

describe('IMessageBody.As<XDocument>(), As<XElement>(), As<XNode>()', () => {
  const vars = { r: xmlResponse('\uFEFF<?xml version="1.0"?><a><b id="1">x</b><b id="2">y</b></a>') };
  it('parses the body as a document', () => {
    const v = run('((IResponse)context.Variables["r"]).Body.As<XDocument>(preserveContent: true).Root.Elements("b").Count()', vars);
    expect(v).toBe(2);
  });
  it('parses the body as an element', () => {
    expect(run('(string)((IResponse)context.Variables["r"]).Body.As<XElement>().Elements("b").Last().Attribute("id")', vars)).toBe('2');
  });
  it('As<XNode>() gives the document', () => {
    expect(run('((IResponse)context.Variables["r"]).Body.As<XNode>().NodeType.ToString()', vars)).toBe('Document');
  });
  it('a malformed body throws XmlException', () => {
    const e = failure('((IResponse)context.Variables["r"]).Body.As<XElement>()', { r: xmlResponse('<a><b></a>') });
    expect(e.dotnetType).toBe('System.Xml.XmlException');
    expect(e.dotnetMessage).toMatch(/Line 1, position 9\.$/);
  });
  it('names XDocument and XElement among the supported types', () => {
    const e = failure('((IResponse)context.Variables["r"]).Body.As<Uri>()', vars);
    expect(e.dotnetType).toBe('System.NotSupportedException');
    expect(e.dotnetMessage).toContain('XNode, XElement or XDocument');
  });
});

describe('rendering in traces', () => {
  it('an XElement shows its XML text; names and attributes their text', () => {
    const e = run('XElement.Parse("<a x=\'1\'><b>t</b></a>")');
    expect(dotnet.toJson(e)).toBe('<a x="1">\r\n  <b>t</b>\r\n</a>');
    expect(dotnet.toString(e)).toBe('<a x="1">\r\n  <b>t</b>\r\n</a>');
    expect(dotnet.toJson(run('XElement.Parse("<a x=\'1\'/>").Attribute("x")'))).toBe('x="1"');
    expect(dotnet.toJson(run('XName.Get("{urn:a}b")'))).toBe('{urn:a}b');
  });
  it('a query over elements renders as the list of their texts', () => {
    expect(dotnet.toJson(run('XElement.Parse("<a><b>1</b><c/></a>").Elements()'))).toEqual(['<b>1</b>', '<c />']);
  });
});

describe('budget', () => {
  it('deep nesting stops with a budget error, not a stack overflow', () => {
    const e = failure('XDocument.Parse(string.Concat(Enumerable.Repeat("<a>", 5000)))');
    expect(e.dotnetType).toBe('System.OperationCanceledException');
    expect(e.dotnetMessage).toMatch(/deeper than 2000/);
  });
  it('parsing charges the step budget per node', () => {
    const e = failure('XDocument.Parse("<r>" + string.Concat(Enumerable.Repeat("<a/>", 5000)) + "</r>")', {}, { maxSteps: 2000 });
    expect(e.dotnetMessage).toMatch(/2000 steps/);
  });
  it('a document of more nodes than the collection cap stops', () => {
    const e = failure('XDocument.Parse("<r>" + new string(\'a\', 1000001).Replace("a", "<a/>") + "</r>")', {}, { maxSteps: 100_000_000, maxMillis: 60_000 });
    expect(e.dotnetMessage).toMatch(/collection larger than 1000000/);
  });
  it('printing is capped by the string limit', () => {
    const e = failure('{ var e = new XElement("a", new string(\'x\', 9000000)); return new XElement("r", e, e).ToString(); }', {}, { maxSteps: 100_000_000, maxMillis: 60_000 });
    expect(e.dotnetMessage).toMatch(/string longer than/);
  });
});
