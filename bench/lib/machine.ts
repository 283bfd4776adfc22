/** A one-paragraph description of the machine, for RESULTS.md. */
import { cpus, totalmem, release, loadavg } from 'node:os';
import { spawnSync } from 'node:child_process';

/** First line a tool prints for its version flag (nginx prints it on stderr), or undefined if absent. */
export function toolVersion(command: string, flag: string): string | undefined {
  const result = spawnSync(command, [flag], { encoding: 'utf8', timeout: 5000 });
  if (result.error) return undefined;
  const text = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  return text.split('\n')[0] || undefined;
}

export interface MachineDescription {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  node: string;
  loadAverage: string;
}

export function describeMachine(): MachineDescription {
  const list = cpus();
  return {
    cpuModel: list[0]?.model ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    node: process.version,
    loadAverage: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  };
}
