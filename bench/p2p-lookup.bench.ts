// Lookup before INVITE as the DHT grows (issue 5): the time a caller's DeviceDirectory lookup
// takes on private DHTs of 50, 200 and 1000 nodes, to the first announcement and to the end
// (the announcement lookup and the device list read run together), the hops of each query
// (bench/dht-query-trace.ts) and the round trips, counted as in p2p-setup.bench.ts: the slope of
// the median over 2·D between two one-way delays on every send (bench/dht-delay.ts).
// All nodes run in this process: on this 2-core machine 1000 HyperDHT nodes start in 9–18 s, take
// ~260 MB and idle at ~3 % of a core, so no second process is needed.
// Run: npm run bench -- p2p-lookup   Results: bench/results/p2p-lookup.json
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../src/main/clock.js';
import type { ParleyNode } from '../src/main/node/parley-node.js';
import { DeviceDirectory } from '../src/main/p2p/device-directory.js';
import { PrivateNetwork } from '../src/main/p2p/private-network.js';
import { REPO_ROOT } from '../test/helpers/parley-process.js';
import { DhtDelay, roundTripsBetween } from './dht-delay.js';
import { traceQueries, type QueryTrace } from './dht-query-trace.js';
import { medianP95, startRegisteredNode, summarize, table, type Summary } from './p2p-bench-nodes.js';

/** DHT nodes serving each network (the bootstrap node comes on top). */
const NETWORK_SIZES = [50, 200, 1000] as const;
/** Registered devices looked up, each of its own identity (so spread over the key space). */
const TARGETS = 10;
/** Lookups of each target per delay. */
const ROUNDS = 3;
const DELAYS_MS = [0, 10, 40] as const;
const SLOPE_LOW_MS = 10;
const SLOPE_HIGH_MS = 40;

interface LookupSample {
  /** DeviceDirectory stats: both queries done, and the first announcement seen. */
  elapsedMs: number;
  firstAnnouncementMs: number;
  lookup: QueryTrace;
  deviceList: QueryTrace;
}

interface SizeResult {
  networkNodes: number;
  startSeconds: number;
  rssMegabytes: number;
  failures: number;
  byDelayMs: Record<string, {
    elapsedMs: Summary;
    firstAnnouncementMs: Summary;
    lookupQueryMs: Summary;
    deviceListQueryMs: Summary;
    lookupHops: Summary;
    lookupFirstPeerHop: Summary;
    deviceListHops: Summary;
  }>;
  roundTrips: { elapsed: number; firstAnnouncement: number; lookupQuery: number; deviceListQuery: number };
}

const delay = DhtDelay.install();

async function measureSize(size: number): Promise<SizeResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-bench-lookup-'));
  const started = performance.now();
  const network = await PrivateNetwork.start({ host: '127.0.0.1', port: 0, nodes: size });
  const startSeconds = (performance.now() - started) / 1000;
  const nodes: ParleyNode[] = [];
  const samples = new Map<number, LookupSample[]>();
  let failures = 0;
  let rss: number;
  try {
    for (let i = 0; i < TARGETS; i++) nodes.push(await startRegisteredNode(network, dataDir, `target-${i}`));
    const looker = await startRegisteredNode(network, dataDir, 'looker');
    nodes.push(looker);
    rss = process.memoryUsage().rss;
    const directory = new DeviceDirectory({ dht: looker.dht.dht, clock: systemClock, cacheTtlMs: 0 });
    let current: QueryTrace[] = [];
    traceQueries(looker.dht.dht, (trace) => current.push(trace));
    const targets = nodes.slice(0, TARGETS);
    for (const delayMs of DELAYS_MS) {
      const measured: LookupSample[] = [];
      delay.delayMs = delayMs;
      try {
        for (let round = 0; round < ROUNDS; round++) {
          for (const target of targets) {
            current = [];
            const found = await directory.lookup(target.profile.identity.publicKey, { fresh: true });
            const lookup = current.find((t) => t.command === 'LOOKUP');
            const deviceList = current.find((t) => t.command === 'MUTABLE_GET');
            if (!found.ok || found.devices.length !== 1 || !lookup || !deviceList || found.stats.firstAnnouncementMs === null) {
              failures++;
              continue;
            }
            measured.push({ elapsedMs: found.stats.elapsedMs, firstAnnouncementMs: found.stats.firstAnnouncementMs, lookup, deviceList });
          }
        }
      } finally {
        delay.delayMs = 0;
      }
      samples.set(delayMs, measured);
    }
  } finally {
    await Promise.allSettled(nodes.map((node) => node.close()));
    await network.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  const duration = (t: QueryTrace): number => (t.endedAt ?? NaN) - t.startedAt;
  const byDelayMs = Object.fromEntries(
    [...samples].map(([delayMs, list]) => [
      `${delayMs}`,
      {
        elapsedMs: summarize(list.map((s) => s.elapsedMs)),
        firstAnnouncementMs: summarize(list.map((s) => s.firstAnnouncementMs)),
        lookupQueryMs: summarize(list.map((s) => duration(s.lookup))),
        deviceListQueryMs: summarize(list.map((s) => duration(s.deviceList))),
        lookupHops: summarize(list.map((s) => s.lookup.maxHop)),
        lookupFirstPeerHop: summarize(list.flatMap((s) => (s.lookup.firstValueHop === null ? [] : [s.lookup.firstValueHop]))),
        deviceListHops: summarize(list.map((s) => s.deviceList.maxHop)),
      },
    ]),
  );
  const slope = (pick: (d: SizeResult['byDelayMs'][string]) => Summary): number => {
    const low = byDelayMs[`${SLOPE_LOW_MS}`];
    const high = byDelayMs[`${SLOPE_HIGH_MS}`];
    if (!low || !high) return NaN;
    return Math.round(roundTripsBetween({ delayMs: SLOPE_LOW_MS, ms: pick(low).median }, { delayMs: SLOPE_HIGH_MS, ms: pick(high).median }) * 100) / 100;
  };
  return {
    networkNodes: network.size,
    startSeconds: Math.round(startSeconds * 10) / 10,
    rssMegabytes: Math.round(rss / 1e6),
    failures,
    byDelayMs,
    roundTrips: {
      elapsed: slope((d) => d.elapsedMs),
      firstAnnouncement: slope((d) => d.firstAnnouncementMs),
      lookupQuery: slope((d) => d.lookupQueryMs),
      deviceListQuery: slope((d) => d.deviceListQueryMs),
    },
  };
}

const benchStarted = performance.now();
const loadBefore = loadavg()[0]?.toFixed(2);
const results: SizeResult[] = [];
try {
  for (const size of NETWORK_SIZES) {
    const result = await measureSize(size);
    results.push(result);
    console.log(`${result.networkNodes} nodes: started in ${result.startSeconds} s, ${result.failures} failed lookups (${((performance.now() - benchStarted) / 1000).toFixed(0)} s so far)`);
  }
} finally {
  delay.restore();
}

console.log(`\nDeviceDirectory lookup (announcements ∥ device list) by network size: median / p95 (runs)`);
console.log(
  table(
    ['nodes', 'first peer ms', 'done ms', 'announce query hops', 'first peer at hop', 'device list hops', 'round trips first / done'],
    results.map((r) => {
      const zero = r.byDelayMs['0'];
      if (!zero) return [`${r.networkNodes}`];
      return [
        `${r.networkNodes}`,
        medianP95(zero.firstAnnouncementMs, 1),
        medianP95(zero.elapsedMs, 1),
        medianP95(zero.lookupHops),
        medianP95(zero.lookupFirstPeerHop),
        medianP95(zero.deviceListHops),
        `${r.roundTrips.firstAnnouncement.toFixed(1)} / ${r.roundTrips.elapsed.toFixed(1)}`,
      ];
    }),
  ),
);
console.log(`\nthe same with a one-way delay on every send: done ms, median / p95 (runs)`);
console.log(
  table(
    ['nodes', ...DELAYS_MS.map((d) => `D = ${d} ms`), `announce query round trips`, 'device list round trips'],
    results.map((r) => [`${r.networkNodes}`, ...DELAYS_MS.map((d) => { const at = r.byDelayMs[`${d}`]; return at ? medianP95(at.elapsedMs) : '—'; }), r.roundTrips.lookupQuery.toFixed(1), r.roundTrips.deviceListQuery.toFixed(1)]),
  ),
);

const out = join(REPO_ROOT, 'bench', 'results', 'p2p-lookup.json');
mkdirSync(join(REPO_ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify(
    {
      measuredAt: new Date().toISOString(),
      node: process.version,
      machine: `${cpus().length} cores, loopback, every node in one process; load average ${loadBefore} before, ${loadavg()[0]?.toFixed(2)} after`,
      targets: TARGETS,
      rounds: ROUNDS,
      method:
        'DeviceDirectory.lookup(identity, { fresh: true }) from a registered node: LOOKUP on the identity topic and MUTABLE_GET (latest) of its device list, in parallel. Hops from a trace of each query (1 = a node the querier knew; a node first named by a hop-h reply is at hop h+1). Round trips = slope of the median over 2·D between two one-way delays D on every udx send.',
      unit: 'ms',
      delaysMs: DELAYS_MS,
      results,
      seconds: Math.round((performance.now() - benchStarted) / 1000),
    },
    null,
    2,
  )}\n`,
);
console.log(`written to ${out}`);
