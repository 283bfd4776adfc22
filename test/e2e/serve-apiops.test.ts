/**
 * `onhandshake serve --apiops DIR --apiops-config F` as a user runs it: a real process serving an APIOps
 * estate built in a temp dir, a real `ws` client through it to a stand-in backend; the whole chain
 * (global → product → API → fragment → onHandshake, and a workspace's) shows in the backend's headers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { closed, echoServer, nextMessage, open, refusal, type EchoServer } from '../gateway/helpers.js';
import { buildEstate, GUID, type Estate } from '../config/apiops/estate-fixture.js';
import { runProgram, until } from './program.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setUp(): Promise<{ backend: EchoServer; estate: Estate }> {
  const backend = await echoServer();
  cleanups.push(() => backend.close());
  const estate = buildEstate(backend.url);
  cleanups.push(() => estate.remove());
  return { backend, estate };
}

describe('onhandshake serve --apiops', () => {
  it('serves each WebSocket API at its path through its whole policy chain, with the environment overrides', async () => {
    const { backend, estate } = await setUp();
    const serve = runProgram('src/cli/main.ts', ['serve', '--apiops', estate.root, '--apiops-config', estate.dev, '--port', '0', '--drain-ms', '0'], { ONHANDSHAKE_NV_vault__token: 'vlt-from-env' });
    const [, url] = await until(() => serve.stdout().match(/listening on (ws:\/\/127\.0\.0\.1:\d+)/), `the listening line (stderr: ${serve.stderr()})`);
    expect(serve.stdout()).toContain("API 'chat': serving revision 2 (the current one; not served: revision 1)");
    expect(serve.stdout()).toContain(`${url}/chat  →  ${backend.url}/v1`);

    // The product's subscription key, under the API's own header name, from the dev override file.
    expect((await refusal(`${url}/chat`)).status).toBe(401);
    const ws = await open(`${url}/chat`, undefined, { headers: { 'X-Chat-Key': 'dev-primary-key' } });
    const seen = backend.lastRequest!;
    expect(seen.url).toBe('/v1');
    expect(seen.headers).toMatchObject({
      'x-global': 'global',
      'x-product': 'starter',
      'x-api': 'api',
      'x-fragment': 'stamp',
      'x-greeting': 'hello from dev',
      'x-secret-length': String('dev-secret'.length),
      'x-vault': 'vlt',
    });
    expect(seen.headers['x-revision']).toBeUndefined();
    ws.send('through the estate');
    expect((await nextMessage(ws)).data.toString()).toBe('through the estate');
    ws.close();
    await closed(ws);

    // The workspace's API: the workspace policy and the workspace's own fragment, no subscription needed.
    const team = await open(`${url}/team-a/echo`);
    expect(backend.lastRequest!.url).toBe('/echo');
    expect(backend.lastRequest!.headers).toMatchObject({ 'x-global': 'global', 'x-workspace': 'team-a', 'x-team': 'a' });
    team.close();
    serve.child.kill('SIGTERM');
    expect(await serve.exit).toBe(0);
  });

  it('prints generated keys that work, and refuses to start on a located error', async () => {
    const { estate } = await setUp();
    const serve = runProgram('src/cli/main.ts', ['serve', '--apiops', estate.root, '--apiops-config', estate.prod, '--port', '0', '--drain-ms', '0'], { ONHANDSHAKE_NV_vault__token: 'vlt' });
    const [, url] = await until(() => serve.stdout().match(/listening on (ws:\/\/127\.0\.0\.1:\d+)/), `the listening line (stderr: ${serve.stderr()})`);
    const [, key] = serve.stdout().match(/subscription 'starter-sub' \(product starter\): keys are not extracted, generated for this run: ([0-9a-f]{32}) \//)!;
    const ws = await open(`${url}/chat?chat-key=${key}`);
    ws.close();
    serve.child.kill('SIGTERM');
    expect(await serve.exit).toBe(0);

    const broken = runProgram('src/cli/main.ts', ['serve', '--apiops', estate.root, '--port', '0']);
    expect(await broken.exit).toBe(1);
    expect(broken.stderr()).toMatch(/namedValueInformation\.json:\d+:\d+: error OH611: named value 'chat-secret' has no value/);
    expect(broken.stderr()).toContain('not started: fix the errors above');
  });

  it('reloads the estate when an artifact changes (a named value\'s JSON file)', async () => {
    const { backend, estate } = await setUp();
    const serve = runProgram('src/cli/main.ts', ['serve', '--apiops', estate.root, '--apiops-config', estate.dev, '--port', '0', '--drain-ms', '0'], { ONHANDSHAKE_NV_vault__token: 'vlt' });
    const [, url] = await until(() => serve.stdout().match(/listening on (ws:\/\/127\.0\.0\.1:\d+)/), `the listening line (stderr: ${serve.stderr()})`);
    const before = await open(`${url}/chat`, undefined, { headers: { 'X-Chat-Key': 'dev-primary-key' } });
    expect(backend.lastRequest!.headers['x-greeting']).toBe('hello from dev');
    before.close();
    estate.write(`named values/${GUID.greeting}/namedValueInformation.json`, { properties: { displayName: 'greeting', value: 'edited in the estate' } });
    await until(() => /reloaded/.test(serve.stdout() + serve.stderr()), 'the reload');
    const after = await open(`${url}/chat`, undefined, { headers: { 'X-Chat-Key': 'dev-primary-key' } });
    expect(backend.lastRequest!.headers['x-greeting']).toBe('edited in the estate');
    after.close();
    serve.child.kill('SIGTERM');
    expect(await serve.exit).toBe(0);
  });
});
