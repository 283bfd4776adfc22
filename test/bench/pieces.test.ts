/** The harness's pure pieces: frame reading across chunk boundaries, statistics, the table, options, templates. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { FrameError, FrameReader, Opcode } from '../../bench/lib/frames.js';
import { median, percentile } from '../../bench/lib/stats.js';
import { parseArgs } from '../../bench/lib/args.js';
import { renderTemplate } from '../../bench/proxies/template.js';
import { figuresTable, ratioToDirect, verdict } from '../../bench/report/table.js';
import { ROWS } from '../../bench/report/rows.js';
import { medians, type Sample } from '../../bench/scenarios/samples.js';
import { emptyIntegrity } from '../../bench/load/jobs.js';

function clientFrame(opcode: number, payload: Buffer, mask: number[]): Buffer {
  const header =
    payload.length < 126
      ? Buffer.from([0x80 | opcode, 0x80 | payload.length])
      : Buffer.from([0x80 | opcode, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i & 3]!));
  return Buffer.concat([header, Buffer.from(mask), masked]);
}

describe('FrameReader', () => {
  it('reads the same frames however the bytes are split', () => {
    const payloads = [Buffer.from('hello'), Buffer.alloc(300, 9), Buffer.alloc(0)];
    const stream = Buffer.concat([
      clientFrame(Opcode.text, payloads[0]!, [1, 2, 3, 4]),
      clientFrame(Opcode.binary, payloads[1]!, [0, 0, 0, 0]),
      clientFrame(Opcode.ping, payloads[2]!, [9, 9, 9, 9]),
    ]);
    for (let split = 1; split < stream.length; split += 7) {
      const reader = new FrameReader();
      const frames = [];
      for (let at = 0; at < stream.length; at += split) {
        for (const f of reader.push(Buffer.from(stream.subarray(at, at + split)))) frames.push({ ...f, payload: Buffer.from(f.payload) });
      }
      expect(frames.map((f) => f.opcode)).toEqual([Opcode.text, Opcode.binary, Opcode.ping]);
      expect(frames.map((f) => f.payload)).toEqual(payloads);
    }
  });

  it('refuses unmasked client frames and reserved bits', () => {
    expect(() => new FrameReader().push(Buffer.from([0x81, 0x01, 0x41]))).toThrow(FrameError);
    expect(() => new FrameReader().push(Buffer.from([0xc1, 0x81, 0, 0, 0, 0, 0x41]))).toThrow(/reserved/);
  });
});

describe('statistics', () => {
  it('nearest-rank percentiles and medians', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([NaN, 5])).toBe(5);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
  });
});

describe('results table', () => {
  const sample = (target: string, variant: 'plain' | 'a' | 'b', scenario: string, metrics: Record<string, number>): Sample => ({
    scenario,
    target,
    variant,
    repetition: 0,
    metrics,
    integrity: emptyIntegrity(),
  });

  it('shows ratios to direct, marks plain-proxy fallbacks, and judges targets', () => {
    const samples = [
      sample('direct', 'plain', 'handshake-c50', { perSec: 1000, cpuUs: NaN }),
      sample('onhandshake', 'a', 'handshake-c50', { perSec: 500, cpuUs: 150 }),
      sample('onhandshake', 'a', 'handshake-c50', { perSec: 700, cpuUs: 90 }),
      sample('onhandshake', 'a', 'handshake-c50', { perSec: 650, cpuUs: 100 }),
      sample('nginx', 'plain', 'handshake-c50', { perSec: 650, cpuUs: 50 }),
    ];
    const table = medians(samples);
    const rowA = ROWS.find((r) => r.label === 'handshakes/s, 50 concurrent, policy (a)')!;
    expect(ratioToDirect(table, rowA, 'onhandshake')).toBeCloseTo(0.65);
    expect(verdict(table, rowA)).toBe('met');
    const cpuRow = ROWS.find((r) => r.label === 'proxy CPU per handshake, policy (a)')!;
    expect(verdict(table, cpuRow)).toBe('met');
    const text = figuresTable(table, ['direct', 'onhandshake', 'nginx']);
    expect(text).toContain('| handshakes/s, 50 concurrent, policy (a) | /s | 1,000 | 650 (0.65×) | 650 (0.65×) † | ≥ 0.60×: **met** |');
    const rowB = ROWS.find((r) => r.label === 'handshakes/s, 50 concurrent, policy (b)')!;
    expect(verdict(table, rowB)).toBe('not measured');
  });
});

describe('options and templates', () => {
  it('parses the bench options', () => {
    expect(parseArgs(['--quick'])).toMatchObject({ quick: true, repetitions: 1 });
    expect(parseArgs(['--reps', '5', '--only=nginx,haproxy', '--skip', 'memory'])).toMatchObject({
      repetitions: 5,
      only: ['nginx', 'haproxy'],
      skip: ['memory'],
    });
    expect(() => parseArgs(['--reps', '0'])).toThrow(/--reps/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown option --fast/);
    expect(parseArgs(['--memory-reps', '1'])).toMatchObject({ repetitions: 3, memoryRepetitions: 1 });
  });

  it('fills templates and refuses unknown placeholders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-template-'));
    try {
      writeFileSync(join(dir, 't'), 'listen {{PORT}}; upstream {{ECHO_PORT}};');
      renderTemplate(join(dir, 't'), join(dir, 'out'), { PORT: 1, ECHO_PORT: 2 });
      expect(readFileSync(join(dir, 'out'), 'utf8')).toBe('listen 1; upstream 2;');
      expect(() => renderTemplate(join(dir, 't'), join(dir, 'out'), { PORT: 1 })).toThrow(/ECHO_PORT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the shipped templates render with the values the targets give', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-template-'));
    try {
      const values = { SCRATCH: dir, PORT: 1, ECHO_PORT: 2, WORKER_CONNECTIONS: 3, NOFILE: 4, MAXCONN: 5 };
      renderTemplate('bench/configs/nginx.conf.template', join(dir, 'nginx.conf'), values);
      renderTemplate('bench/configs/haproxy.cfg.template', join(dir, 'haproxy.cfg'), values);
      expect(readFileSync(join(dir, 'nginx.conf'), 'utf8')).toContain('server 127.0.0.1:2;');
      expect(readFileSync(join(dir, 'haproxy.cfg'), 'utf8')).toContain('bind 127.0.0.1:1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('targets table', () => {
  it('lists each target with onhandshake\'s figure, its verdict and the peers', async () => {
    const { targetsTable } = await import('../../bench/report/table.js');
    const table = medians([
      { scenario: 'relay-text-50', target: 'direct', variant: 'plain', repetition: 0, metrics: { msgsPerSec: 100 }, integrity: emptyIntegrity() },
      { scenario: 'relay-text-50', target: 'onhandshake', variant: 'b', repetition: 0, metrics: { msgsPerSec: 50 }, integrity: emptyIntegrity() },
      { scenario: 'relay-text-50', target: 'nginx', variant: 'plain', repetition: 0, metrics: { msgsPerSec: 80 }, integrity: emptyIntegrity() },
    ]);
    const text = targetsTable(table, ['direct', 'onhandshake', 'nginx']);
    expect(text).toContain('| 64 B messages/s, 50 connections | ≥ 0.73× | 50 (0.50×) | missed | 80 (0.80×) † |');
    expect(text).toContain('| proxy RSS, 5,000 idle connections | ≤ 90 MiB | — | not measured | — |');
  });
});
