/** What the numbers were measured on, for results.json. */
import { arch, cpus, platform, release, totalmem } from 'node:os';
import { gcExposed } from './measure.js';

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memory_gb: number;
  readonly platform: string;
  readonly arch: string;
  readonly os_release: string;
  readonly node: string;
  readonly v8: string;
  readonly gc_exposed: boolean;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memory_gb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    platform: platform(),
    arch: arch(),
    os_release: release(),
    node: process.version,
    v8: process.versions.v8,
    gc_exposed: gcExposed(),
  };
}
