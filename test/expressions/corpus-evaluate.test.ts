/**
 * Evaluates every inbound expression of the corpus against a documented fixture context, file by file
 * in document order (set-variable results are stored so later expressions see them, as in APIM).
 * Failures caused by the fixture data (a missing variable, a header the fixture lacks) are allowed and
 * counted; an "unsupported" failure (a member missing at run time, an internal error) fails the test.
 */
import { expect, it } from 'vitest';
import { compileExpression, ExpressionEvaluationError } from '../../src/expressions/index.js';
import { stateFromJson, type ContextFile } from '../../src/expressions/host/state-from-json.js';
import { corpusExpressions } from './corpus-helpers.js';
import { describeWithCorpus } from '../corpus.js';

/** A handshake with a bearer JWT, a subscription, a product, a user and a few common variables. */
export const FIXTURE: ContextFile = {
  request: {
    method: 'GET',
    url: 'wss://contoso.azure-api.net/chat/hub?id=42&access_token=abc',
    headers: {
      Authorization:
        'Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTEiLCJuYW1lIjoiQWRhIiwiaWF0IjoxNTE2MjM5MDIyLCJleHAiOjQxMDI0NDQ4MDAsImF1ZCI6ImFwaSIsImlzcyI6Imh0dHBzOi8vbG9naW4ifQ.c2lnbmF0dXJl',
      'User-Agent': 'Mozilla/5.0 (Windows NT 10.0)',
      Host: 'contoso.azure-api.net',
      'X-Forwarded-For': '10.0.0.1, 10.0.0.2',
      Cookie: 'session=abc; theme=dark',
      'Content-Type': 'application/json',
    },
    ipAddress: '10.0.0.1',
    matchedParameters: { id: '42', container: 'docs', blob: 'a.txt', ttlInSeconds: '60' },
  },
  variables: {
    userId: 'user-1',
    cacheKey: 'key-1',
    refreshTime: 3600,
    isMobile: false,
    response: { statusCode: 200, statusReason: 'OK', headers: { 'Content-Type': 'application/json' }, body: { url: 'https://backend/', accessToken: 'tok', value: [1, 2] } },
  },
  product: { id: 'starter', name: 'Starter' },
  subscription: { id: 'sub-1', name: 'Subscription 1', key: 'k1', primaryKey: 'k1', secondaryKey: 'k2' },
  user: { id: 'user-1', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' },
  lastError: { source: 'validate-jwt', reason: 'TokenExpired', message: 'Token expired', scope: 'api', section: 'inbound', path: 'policies/inbound/validate-jwt[1]' },
};

/** .NET exception types that mean "this engine lacks something", never "the fixture lacks data". */
const UNSUPPORTED = new Set(['System.NotSupportedException', 'System.NotImplementedException', 'Microsoft.CSharp.RuntimeBinder.RuntimeBinderException', 'System.Exception']);

describeWithCorpus('corpus expressions against the fixture context', () => {
  it('evaluates every inbound expression without an unsupported failure', async () => {
    const { expressions, responseVariables, literalVariables } = corpusExpressions();
    const byFile = new Map<string, typeof expressions>();
    for (const e of expressions) if (e.section === 'inbound' && e.source.kind !== 'jsonata') byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
    let evaluated = 0;
    const dataFailures: string[] = [];
    const unsupported: string[] = [];
    for (const [file, list] of byFile) {
      // The file's other policies are not run here: its send-requests' response variables hold the fixture's
      // response, and its set-variables with literal values are stored up front.
      const responses = Object.fromEntries((responseVariables.get(file) ?? []).map((name) => [name, FIXTURE.variables!.response]));
      const literals = Object.fromEntries(literalVariables.get(file) ?? []);
      const state = stateFromJson({ ...FIXTURE, variables: { ...FIXTURE.variables, ...literals, ...responses } });
      for (const e of list) {
        const r = compileExpression(e.source);
        if (!r.evaluator) continue; // compile failures are the corpus test's business
        try {
          const v = await r.evaluator.evaluate(state);
          evaluated++;
          if (e.setsVariable) state.variables.set(e.setsVariable, v);
        } catch (err) {
          expect(err).toBeInstanceOf(ExpressionEvaluationError);
          const x = err as ExpressionEvaluationError;
          const line = `${e.file}:${x.line}:${x.column} ${x.dotnetType}: ${x.dotnetMessage}`;
          if (UNSUPPORTED.has(x.dotnetType)) unsupported.push(line);
          else dataFailures.push(line);
        }
      }
    }
    expect(unsupported).toEqual([]);
    expect(evaluated).toBeGreaterThan(170);
    // Fixture-data failures are allowed; keep the count visible.
    console.log(`corpus evaluation: ${evaluated} evaluated, ${dataFailures.length} failed on fixture data`);
    if (process.env.SHOW_FAILURES) console.log(dataFailures.join('\n'));
  });
});

