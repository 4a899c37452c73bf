/**
 * Interop with a real SIP peer, sipp (Debian's sip-tester), on 127.0.0.1:
 * sipp's built-in `uac` scenario calls `parley serve --sip --auto-answer` 100 times, over UDP
 * and over TCP; sipp's `uas` answers a call that Parley's stack places. sipp exits 0 only when
 * every call of its scenario succeeded.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { PlainSipEndpoint } from '../../src/main/call/plain-sip-endpoint.js';
import { createOffer } from '../../src/main/sdp/offer-answer.js';
import { serializeSdp } from '../../src/main/sdp/sdp-codec.js';
import { PARLEY_AUDIO } from '../../src/main/call/audio-capabilities.js';
import type { InviteSession } from '../../src/main/sip/ua/index.js';
import { ParleyProcess } from '../helpers/parley-process.js';
import { tempDir } from '../helpers/temp-dir.js';

const SIPP = '/usr/bin/sipp';
const skip = existsSync(SIPP) ? false : 'sipp not installed (apt-get install sip-tester)';

interface SippRun {
  code: number | null;
  output: string;
}

/** Runs sipp to its end (bounded), in a temp folder so its log files stay out of the repo. */
async function runSipp(args: string[], cwd: string, timeoutMs = 60_000): Promise<SippRun> {
  const child = spawn(SIPP, [...args, '-nostdin', '-timeout', String(Math.floor(timeoutMs / 1000) - 5), '-timeout_error'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, output };
}

/** A port free right now on 127.0.0.1 (sipp needs a concrete one). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

describe('sipp calls parley serve --sip --auto-answer', { skip }, () => {
  let serve: ParleyProcess;
  let sipAddress: string;
  let work: string;

  before(async () => {
    work = await tempDir('parley-sipp');
    serve = new ParleyProcess(['serve', '--data', await tempDir('parley-sipp-node'), '--bootstrap', '127.0.0.1:9', '--ui', '127.0.0.1:0', '--sip', '127.0.0.1:0', '--auto-answer', '--json']);
    sipAddress = String((await serve.waitFor((e) => e['event'] === 'ready'))['sip']);
  });
  after(() => serve.stop());

  for (const [transport, flag] of [['UDP', 'u1'], ['TCP', 't1']] as const) {
    test(`100 of 100 calls succeed over ${transport}`, async () => {
      const establishedBefore = serve.events.filter((e) => e['event'] === 'established').length;
      const run = await runSipp(['-sn', 'uac', '-t', flag, '-m', '100', '-r', '50', '-l', '20', sipAddress], work);
      assert.equal(run.code, 0, `sipp failed:\n${run.output.slice(-3000)}`);
      // Parley saw the same calls reach the established state (ACK received).
      await serve.waitFor(() => serve.events.filter((e) => e['event'] === 'established').length - establishedBefore >= 100, 10_000);
      await serve.waitFor(() => serve.events.filter((e) => e['event'] === 'ended' && e['reason'] === 'hangup by caller').length >= establishedBefore + 100, 10_000);
    });
  }
});

describe("sipp answers a call placed by Parley's stack", { skip }, () => {
  for (const [transport, flag] of [['UDP', 'u1'], ['TCP', 't1']] as const) {
    test(`over ${transport}: established, then hung up by Parley`, async () => {
      const work = await tempDir('parley-sipp-uas');
      const port = await freePort();
      const uas = runSipp(['-sn', 'uas', '-t', flag, '-i', '127.0.0.1', '-p', String(port), '-m', '1'], work, 30_000);
      const endpoint = await PlainSipEndpoint.start({ listen: { host: '127.0.0.1', port: 0 }, autoAnswer: false, user: 'parley', displayName: 'Parley test', product: 'Parley/test' });
      try {
        const offer = serializeSdp(createOffer({ address: '127.0.0.1', addressType: 'IP4', port: 40000, sessionId: '1', sessionVersion: 1n }, PARLEY_AUDIO));
        // sipp's uas binds a moment after it starts: retry the INVITE until it answers.
        let session;
        for (let attempt = 0; attempt < 20 && !session; attempt++) {
          const call = endpoint.ua.invite(`sip:service@127.0.0.1:${port};transport=${transport.toLowerCase()}`, { content: { contentType: 'application/sdp', body: offer } });
          session = await new Promise<InviteSession | undefined>((resolve) => {
            call.onEstablished((s) => resolve(s));
            call.onFailed(() => resolve(undefined));
          });
          if (!session) await new Promise((resolve) => setTimeout(resolve, 250));
        }
        assert.ok(session, 'the call reached the established state');
        const ended = new Promise((resolve) => session.onEnded(resolve));
        session.bye();
        await ended;
        const run = await uas;
        assert.equal(run.code, 0, `sipp uas failed:\n${run.output.slice(-3000)}`);
      } finally {
        await endpoint.close();
      }
    });
  }
});
