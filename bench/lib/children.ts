/**
 * Child processes of a benchmark run: started with a bounded wait for readiness, and always stopped,
 * whether the run ends normally, throws, or is interrupted.
 */
import { spawn, fork, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { HOST } from './ports.js';

const live = new Set<ChildProcess>();

function killAllNow(): void {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

let hooksInstalled = false;
function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAllNow();
      process.exit(130);
    });
  }
}

export interface StartOptions {
  name: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Keep the last this-many characters of output for error messages. */
  keepOutput?: number;
  /**
   * Send stdout and stderr to this file instead of a pipe: a process that logs every connection then
   * writes to a file, as it would in production, and this process does not spend CPU reading it.
   */
  logFile?: string;
}

export class Child {
  private tail = '';
  private exited: Promise<number | null>;
  private lineListeners: Array<(line: string) => void> = [];
  private partial = '';

  constructor(
    readonly name: string,
    readonly process: ChildProcess,
    private readonly keep: number,
    private readonly logFile?: string,
  ) {
    live.add(process);
    this.exited = new Promise((resolve) => {
      process.once('exit', (code, signal) => {
        live.delete(process);
        resolve(code ?? (signal ? -1 : null));
      });
    });
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      this.tail = (this.tail + text).slice(-this.keep);
      this.partial += text;
      const lines = this.partial.split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines) for (const listener of this.lineListeners) listener(line);
    };
    process.stdout?.on('data', onData);
    process.stderr?.on('data', onData);
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  get output(): string {
    if (!this.logFile) return this.tail;
    try {
      return readFileSync(this.logFile, 'utf8').slice(-this.keep);
    } catch {
      return '';
    }
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** Resolves with the first output line the predicate accepts; rejects on exit or timeout. */
  waitForLine(accept: (line: string) => boolean, timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`${this.name}: not ready after ${timeoutMs} ms\n${this.output}`)), timeoutMs);
      const listener = (line: string): void => {
        if (accept(line)) finish(undefined, line);
      };
      const onExit = (): void => finish(new Error(`${this.name} exited before it was ready\n${this.output}`));
      const finish = (err?: Error, line?: string): void => {
        clearTimeout(timer);
        this.lineListeners = this.lineListeners.filter((l) => l !== listener);
        this.process.off('exit', onExit);
        if (err) reject(err);
        else resolve(line!);
      };
      this.lineListeners.push(listener);
      this.process.once('exit', onExit);
    });
  }

  /** SIGTERM, then SIGKILL after graceMs; resolves once the process is gone. */
  async stop(graceMs = 3000): Promise<void> {
    if (!this.running) return;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  waitForExit(): Promise<number | null> {
    return this.exited;
  }
}

export function startProcess(command: string, args: string[], options: StartOptions): Child {
  installExitHooks();
  const fd = options.logFile ? openSync(options.logFile, 'a') : undefined;
  const proc = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: fd === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', fd, fd],
  });
  if (fd !== undefined) closeSync(fd);
  proc.on('error', () => {
    // reported through the exit/ready path
  });
  return new Child(options.name, proc, options.keepOutput ?? 8000, options.logFile);
}

/** A Node script in its own process with an IPC channel to this one. */
export function forkScript(script: string, args: string[], options: StartOptions & { execArgv?: string[] }): Child {
  installExitHooks();
  const proc = fork(script, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    execArgv: options.execArgv ?? [],
  });
  return new Child(options.name, proc, options.keepOutput ?? 8000);
}

/** Resolves once something accepts TCP connections on the port; bounded by timeoutMs. */
export async function waitForPort(port: number, timeoutMs: number, child?: Child): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && !child.running) throw new Error(`${child.name} exited before listening on ${port}\n${child.output}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, HOST);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on ${HOST}:${port} after ${timeoutMs} ms${child ? `\n${child.output}` : ''}`);
}

export async function stopAll(children: Iterable<Child>): Promise<void> {
  await Promise.all([...children].map((c) => c.stop()));
}
