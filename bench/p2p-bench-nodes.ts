/**
 * What the P2P benchmarks share: Parley nodes on a private DHT on 127.0.0.1 (silent calls,
 * auto-answered, LAN discovery off so every call goes through the DHT), and the summaries and
 * tables they print.
 */
import { join } from 'node:path';
import { ParleyNode } from '../src/main/node/parley-node.js';
import type { PrivateNetwork } from '../src/main/p2p/private-network.js';
import { registered } from '../test/helpers/p2p-nodes.js';
import { percentile } from './bench-stats.js';

/** A node that answers calls at once with silence, registered (announced, device list stored). */
export async function startRegisteredNode(network: PrivateNetwork, dataDir: string, name: string): Promise<ParleyNode> {
  const node = await ParleyNode.start({
    dataDir: join(dataDir, name),
    bootstrap: [network.bootstrap],
    shell: 'browser',
    calls: { autoAnswer: true },
    lan: false,
    log: (line) => console.error(`[${name}] ${line}`),
  });
  try {
    await node.device.joined;
    await registered(node, 1, 60_000);
    return node;
  } catch (error) {
    await node.close();
    throw error;
  }
}

export interface Summary {
  median: number;
  p95: number;
  min: number;
  max: number;
  runs: number;
}

/** Median, p95 and range of the finite values (a phase a call never reached is NaN, left out). */
export function summarize(values: readonly number[]): Summary {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const round = (value: number): number => Math.round(value * 10) / 10;
  return {
    median: round(percentile(sorted, 0.5)),
    p95: round(percentile(sorted, 0.95)),
    min: round(sorted[0] ?? NaN),
    max: round(sorted.at(-1) ?? NaN),
    runs: sorted.length,
  };
}

/** `12.3 / 20.1 (30)`: median / p95 (runs). */
export function medianP95(summary: Summary, digits = 0): string {
  return summary.runs === 0 ? '—' : `${summary.median.toFixed(digits)} / ${summary.p95.toFixed(digits)} (${summary.runs})`;
}

/** A plain-text table, columns padded to their widest cell. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]): string => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** Resolves `promise`, or rejects after `ms` with `what` in the message. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error instanceof Error ? error : new Error(String(error)))),
    );
  });
}
