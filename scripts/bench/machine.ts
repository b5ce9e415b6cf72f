/** What the numbers were measured on. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { GB } from './stats.js';

export interface MachineInfo {
  cpu: string;
  cores: number;
  ramGB: number;
  node: string;
  onnxruntime: string;
  transformers: string;
  hnswlib: string;
  loadAverage: number[];
  platform: string;
}

export function machineInfo(): MachineInfo {
  return {
    cpu: cpuModel(),
    cores: availableParallelism(),
    ramGB: Math.round((totalmem() / GB) * 10) / 10,
    node: process.version,
    onnxruntime: packageVersion('onnxruntime-node'),
    transformers: packageVersion('@huggingface/transformers'),
    hnswlib: packageVersion('hnswlib-node'),
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
    platform: `${process.platform} ${process.arch}`,
  };
}

export function describeMachine(m: MachineInfo): string {
  return [
    `machine: ${m.cpu} · ${m.cores} cores · ${m.ramGB} GB RAM · ${m.platform}`,
    `software: node ${m.node} · onnxruntime-node ${m.onnxruntime} · transformers.js ${m.transformers} · hnswlib-node ${m.hnswlib}`,
    `load average at start: ${m.loadAverage.join(' ')}${m.loadAverage[0] > m.cores / 2 ? '  (busy machine: absolute times are pessimistic, ratios still hold)' : ''}`,
  ].join('\n');
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) return line.split(':')[1].trim();
  } catch {
    // Not Linux.
  }
  return cpus()[0]?.model ?? 'unknown CPU';
}

/** The installed version: the package.json above the package's entry point (some packages do not export it). */
function packageVersion(name: string): string {
  try {
    let dir = dirname(createRequire(import.meta.url).resolve(name));
    for (;;) {
      const file = join(dir, 'package.json');
      if (existsSync(file)) {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === name && pkg.version) return pkg.version;
      }
      const up = dirname(dir);
      if (up === dir) return 'unknown';
      dir = up;
    }
  } catch {
    return 'unknown';
  }
}
