/**
 * Telemetry off costs no imports: a gateway without `telemetry:` loads no @opentelemetry module through
 * a whole handshake; with it, the SDK loads (so the check can fail). Watched by a module resolve hook
 * in a spawned process.
 */
import { describe, expect, it } from 'vitest';
import { runProgram } from '../e2e/program.js';

async function importsDuringHandshake(mode: 'on' | 'off'): Promise<string[]> {
  const hook = '--import ./test/telemetry/fixtures/report-imports.mjs';
  const program = runProgram('test/telemetry/fixtures/one-handshake.ts', [mode], { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${hook}` });
  expect(await program.exit, program.stderr()).toBe(0);
  expect(program.stdout()).toContain('handshake done');
  return [...new Set(program.stderr().split('\n').filter((l) => l.startsWith('IMPORTED ')).map((l) => l.replace(/^.*node_modules\/(@opentelemetry\/[^/]+).*$/, '$1')))];
}

describe('telemetry loading', () => {
  it('imports no OpenTelemetry module when telemetry is off', async () => {
    expect(await importsDuringHandshake('off')).toEqual([]);
    expect(await importsDuringHandshake('on')).toEqual(expect.arrayContaining(['@opentelemetry/api', '@opentelemetry/sdk-metrics', '@opentelemetry/sdk-trace']));
  }, 60_000);
});
