// Signalling capacity (issue 3): the call rate `parley serve --sip --auto-answer` sustains
// under sipp's `uac` load on loopback with no failed call, the INVITE→200 OK time (median,
// p99, as sipp measures it: whole milliseconds), and the node's CPU time per call.
// Run: npm run bench -- sip-capacity     (needs sipp: apt-get install sip-tester)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ParleyProcess, REPO_ROOT } from '../test/helpers/parley-process.js';
import { percentile } from './bench-stats.js';

const SIPP = '/usr/bin/sipp';
const RATES = [50, 100, 200, 400, 800, 1200, 1600, 2000, 2400, 3200];
/**
 * A rate is sustained when no call failed and INVITE→200 stays under T1 (500 ms) at p99:
 * beyond T1 the caller retransmits its INVITE (RFC 3261 Timer A), i.e. the node fell behind.
 */
const SUSTAINED_P99_MS = 500;

function sustains(step: Step): boolean {
  return step.failed === 0 && step.sippExit === 0 && step.successful === step.calls && step.inviteTo200Ms.p99 < SUSTAINED_P99_MS;
}
const SECONDS_PER_STEP = 5;

interface Step {
  rate: number;
  calls: number;
  successful: number;
  failed: number;
  sippExit: number | null;
  inviteTo200Ms: { median: number; p99: number; max: number };
  nodeCpuMsPerCall: number;
}

/** utime + stime of a process, in ms (Linux /proc; clock ticks are 100 Hz here). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function runStep(sipAddress: string, rate: number, pid: number): Promise<Step> {
  const work = mkdtempSync(join(tmpdir(), 'parley-capacity-'));
  const calls = rate * SECONDS_PER_STEP;
  const cpuBefore = cpuMs(pid);
  const child = spawn(SIPP, ['-sn', 'uac', '-r', String(rate), '-m', String(calls), '-l', String(rate * 4), '-nostdin', '-trace_rtt', '-rtt_freq', '1', '-trace_stat', '-fd', '1', '-timeout', '60', '-timeout_error', sipAddress], { cwd: work, stdio: 'ignore' });
  const sippExit = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const cpu = cpuMs(pid) - cpuBefore;
  const files = readdirSync(work);
  const stat = readFileSync(join(work, files.find((f) => f.endsWith('_.csv')) ?? ''), 'utf8').trim().split('\n');
  const header = stat[0]?.split(';') ?? [];
  const last = stat.at(-1)?.split(';') ?? [];
  const column = (name: string): number => Number(last[header.indexOf(name)]);
  const rtts = readFileSync(join(work, files.find((f) => f.endsWith('_rtt.csv')) ?? ''), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => Number(line.split(';')[1]))
    .sort((a, b) => a - b);
  rmSync(work, { recursive: true, force: true });
  const successful = column('SuccessfulCall(C)');
  return {
    rate,
    calls,
    successful,
    failed: column('FailedCall(C)'),
    sippExit,
    inviteTo200Ms: { median: percentile(rtts, 0.5), p99: percentile(rtts, 0.99), max: rtts.at(-1) ?? NaN },
    nodeCpuMsPerCall: successful > 0 ? cpu / successful : NaN,
  };
}

if (!existsSync(SIPP)) {
  console.log('sipp not installed (apt-get install sip-tester): signalling capacity not measured');
  process.exit(0);
}
const data = mkdtempSync(join(tmpdir(), 'parley-capacity-node-'));
const serve = new ParleyProcess(['serve', '--data', data, '--bootstrap', '127.0.0.1:9', '--ui', '127.0.0.1:0', '--sip', '127.0.0.1:0', '--auto-answer']);
// Human output: the ready lines, then nothing per call (JSON events would cost the node time).
const sipAddress = await new Promise<string>((resolve) => {
  let text = '';
  serve.child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    const match = /Plain SIP:\s+(\S+)/.exec(text);
    if (match?.[1]) resolve(match[1]);
  });
});
const steps: Step[] = [];
try {
  for (const rate of RATES) {
    const step = await runStep(sipAddress, rate, serve.child.pid ?? 0);
    steps.push(step);
    console.log(
      `${String(rate).padStart(5)} calls/s × ${SECONDS_PER_STEP} s: ${step.successful}/${step.calls} ok, ${step.failed} failed; ` +
        `INVITE→200 median ${step.inviteTo200Ms.median} ms, p99 ${step.inviteTo200Ms.p99} ms; node CPU ${step.nodeCpuMsPerCall.toFixed(2)} ms/call`,
    );
    if (!sustains(step)) break;
  }
} finally {
  await serve.stop();
  rmSync(data, { recursive: true, force: true });
}
const sustained = steps.filter(sustains).at(-1);
const reference = steps.find((s) => s.rate === 100);
const result = {
  measuredAt: new Date().toISOString(),
  machine: '2 cores, loopback, sipp uac (INVITE/ACK/BYE), parley serve --sip --auto-answer',
  sustainedCallsPerSecond: sustained?.rate ?? 0,
  sustainedMeans: `no failed call and p99 INVITE→200 under ${SUSTAINED_P99_MS} ms (T1)`,
  inviteTo200MsAt100cps: reference?.inviteTo200Ms,
  steps,
};
console.log(`sustained: ${result.sustainedCallsPerSecond} calls/s (the highest rate tried with no failed call and p99 INVITE→200 under ${SUSTAINED_P99_MS} ms)`);
mkdirSync(join(REPO_ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(join(REPO_ROOT, 'bench', 'results', 'sip-capacity.json'), `${JSON.stringify(result, null, 2)}\n`);
