/**
 * The machine and software a run was made on, recorded in every results file so that no
 * number is read without its context.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { ResultsEnv } from '@rclab/core';

/** rclab's version: `@rclab/bench`'s package version. */
export const rclabVersion: string = readVersion();

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Cores a run can use: `os.availableParallelism()` (respects CPU affinity), never more. */
export function availableCores(): number {
  return Math.max(1, os.availableParallelism());
}

/** The CPU model string (the first CPU's), or `unknown`. */
export function cpuModel(): string {
  const model = os.cpus()[0]?.model.trim();
  return model !== undefined && model.length > 0 ? model : 'unknown';
}

/** Describes this process's machine and runtime. `commandLine` is what followed `rclab`. */
export function collectEnv(commandLine: readonly string[], seed: number, date: Date = new Date()): ResultsEnv {
  return {
    node: process.versions.node,
    v8: process.versions.v8,
    cpuModel: cpuModel(),
    cores: availableCores(),
    platform: process.platform,
    arch: process.arch,
    osRelease: os.release(),
    totalMemoryMB: Math.round(os.totalmem() / (1024 * 1024)),
    date: date.toISOString(),
    rclabVersion,
    commandLine: [...commandLine],
    seed,
  };
}

/** One line describing the environment, for the top of the summary. */
export function describeEnv(env: ResultsEnv): string {
  return `${env.cpuModel}, ${env.cores} core${env.cores === 1 ? '' : 's'}, ${env.platform} ${env.arch}, Node ${env.node} (V8 ${env.v8}), rclab ${env.rclabVersion}`;
}
