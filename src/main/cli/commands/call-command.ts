import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { fileCallAudio, type CallAudioPolicy } from '../../call/call-audio.js';
import { CONFERENCE_DOMAIN, isConferenceUri } from '../../conference/conference-address.js';
import { PARLEY_DOMAIN, identityKeyOf } from '../../identity/address-of-record.js';
import { MediaWorkerHost } from '../../media/index.js';
import { ParleyNode } from '../../node/parley-node.js';
import { PlainSipEndpoint } from '../../call/plain-sip-endpoint.js';
import type { SipCall } from '../../call/sip-call.js';
import { packageVersion } from '../../package-root.js';
import { parseHostPort, type HostPort } from '../../p2p/bootstrap-address.js';
import { parseUri } from '../../sip/message/index.js';
import { resolveIpUriDestination } from '../../sip/ua/index.js';
import { checkAudioFlags } from '../audio-flags.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../cli-errors.js';
import type { CliOutput } from '../cli-output.js';
import { describeEnded, describeEstablished } from '../call-report.js';
import { headlessNodeOptions, joinNetwork, type HeadlessNodeOptions, type NodeFlags } from '../headless-node.js';
import { waitForStop } from '../wait-for-stop.js';

export interface CallFlags extends NodeFlags {
  sip?: string | undefined;
  play?: string | undefined;
  record?: string | undefined;
  duration?: string | undefined;
  dtmf?: string | undefined;
}

/** After the call is up, the peer's media has had time to start before our digits go out. */
const DTMF_DELAY_MS = 1000;
const MAX_DURATION_S = 24 * 3600;

/**
 * `parley call URI`: one plain SIP call with file audio. Exits 0 only if the call was
 * established; 1 when it failed (rejected, no answer, no audio); 2 for bad usage.
 */
export async function callCommand(positionals: string[], flags: CallFlags, out: CliOutput): Promise<number> {
  const [target, ...extra] = positionals;
  if (target === undefined) throw new UsageError('which URI to call? e.g. parley call sip:alice@192.0.2.7:5060', 'call');
  if (extra.length > 0) throw new UsageError(`one URI at a time, not '${extra.join(' ')}'`, 'call');
  const uri = parseUri(target);
  if (!uri || uri.kind !== 'sip') throw new UsageError(`'${target}' is not a sip: URI`, 'call');
  const durationS = parseDuration(flags.duration);
  const digits = parseDigits(flags.dtmf);
  const options = { durationS, digits };
  const conference = uri.host.toLowerCase() === CONFERENCE_DOMAIN;
  if (uri.host.toLowerCase() === PARLEY_DOMAIN || conference) {
    if (flags.sip !== undefined) throw new UsageError('--sip is for plain SIP calls; a Parley address is called over the DHT', 'call');
    if (conference && !isConferenceUri(target)) throw new UsageError(`'${target}' is not a conference URI: sip:<conference key in z-base-32>@${CONFERENCE_DOMAIN}`, 'call');
    if (!conference && !identityKeyOf(target)) throw new UsageError(`'${target}' is not a Parley address: sip:<identity in z-base-32>@${PARLEY_DOMAIN}`, 'call');
    const nodeOptions = headlessNodeOptions(flags, 'call', out);
    return p2pCall(target, nodeOptions, checkAudioFlags('call', flags), options, out);
  }
  if (flags.data !== undefined || flags.bootstrap !== undefined || flags.relay !== undefined) throw new UsageError('--data, --bootstrap and --relay are for calls to Parley addresses and conferences (…parley.invalid)', 'call');
  const files = checkAudioFlags('call', flags);
  const destination = resolveIpUriDestination(uri);
  if (!destination || destination.protocol === 'PARLEY') throw new UsageError(`'${target}' needs an IP address (no DNS) and transport udp or tcp: sip:user@IP:PORT[;transport=tcp]`, 'call');
  const media = await mediaFor(files, out);
  if (!media) return EXIT_FAILED;
  const listen: HostPort = flags.sip !== undefined ? parseHostPort(flags.sip, 'BAD_LISTEN_ADDRESS', true) : { host: await localAddressTowards(destination.host), port: 0 };
  try {
    const endpoint = await PlainSipEndpoint.start({
      listen,
      autoAnswer: false,
      user: 'parley',
      displayName: 'Parley',
      product: `Parley/${packageVersion()}`,
      audio: media.policy(durationS),
      mediaWorker: () => media.worker,
      log: (line) => out.warn(line.replace(/^parley: /, '')),
    });
    try {
      const call = await endpoint.call(target);
      out.event('calling', { callId: call.callId, uri: target, from: endpoint.aor, sip: endpoint.address, ...call.files }, `Calling ${target}…`);
      return await runCall(call, options, out);
    } finally {
      await endpoint.close();
    }
  } finally {
    await media.worker.close();
  }
}

/**
 * A call to a Parley address: this profile's node joins the DHT (its device must be on its
 * identity's list before a callee will take the call), looks the callee up, connects and calls.
 */
async function p2pCall(target: string, nodeOptions: HeadlessNodeOptions, files: { play?: string; record?: string }, options: CallOptions, out: CliOutput): Promise<number> {
  const media = await mediaFor(files, out);
  if (!media) return EXIT_FAILED;
  await media.worker.close(); // the node makes its own, with the same isolation
  const node = await ParleyNode.start({
    ...nodeOptions,
    ...(media.files ? { calls: { autoAnswer: false, audio: media.policy(options.durationS) } } : {}),
  });
  try {
    // A callee takes the call only once this device is on its identity's list.
    if (!(await joinNetwork(node, out))) return EXIT_FAILED;
    // A conference URI is a call to its focus, found through the conference record.
    const call = isConferenceUri(target) ? node.conferences.call(target) : node.p2p.call(target);
    out.event('calling', { callId: call.callId, uri: target, from: node.uri, ...call.files }, `Calling ${target}…`);
    call.on('progress', ({ phase, devices }) =>
      out.event(phase, { callId: call.callId, ...(devices !== undefined ? { devices } : {}) }, phase === 'lookup' ? 'Looking up…' : `Connecting to ${devices ?? 0} device(s)…`),
    );
    return await runCall(call, options, out);
  } finally {
    await node.close();
  }
}

interface CallOptions {
  readonly durationS: number | undefined;
  readonly digits: string | undefined;
}

/**
 * The call's audio: the files, or with neither flag the default devices — opened in a media
 * process (naudiodon prints to stdout, which `--json` keeps for events). No device at all is a
 * clear failure, not a silent call.
 */
async function mediaFor(files: { play?: string; record?: string }, out: CliOutput): Promise<{ worker: MediaWorkerHost; files: boolean; policy: (durationS: number | undefined) => CallAudioPolicy } | undefined> {
  if (files.play !== undefined || files.record !== undefined) {
    return {
      worker: new MediaWorkerHost(),
      files: true,
      // Without --duration the call lasts as long as the file it plays.
      policy: (durationS) => fileCallAudio({ ...files, numberRecordings: false, endCallWhenSourceEnds: durationS === undefined }),
    };
  }
  const worker = new MediaWorkerHost({ isolation: 'process' });
  const devices = await worker.listDevices().catch(() => []);
  if (!devices.some((device) => device.maxInputChannels > 0) || !devices.some((device) => device.maxOutputChannels > 0)) {
    await worker.close();
    out.warn('no audio devices found (a microphone and a loudspeaker are needed): give --play FILE.wav and/or --record FILE.wav');
    return undefined;
  }
  return { worker, files: false, policy: () => () => ({ source: { kind: 'device' }, sink: { kind: 'device' }, endCallWhenSourceEnds: false }) };
}

async function runCall(call: SipCall, options: CallOptions, out: CliOutput): Promise<number> {
  let established = false;
  const timers: NodeJS.Timeout[] = [];
  call.on('ringing', ({ status }) => out.event('ringing', { callId: call.callId, status }, 'Ringing…'));
  call.on('dtmfReceived', ({ digit }) => out.event('dtmf', { callId: call.callId, digit }, `DTMF received: ${digit}`));
  call.on('established', (event) => {
    established = true;
    out.event('established', { ...call.summary, ...event }, describeEstablished({ callId: call.callId, ...event }));
    if (options.durationS !== undefined) timers.push(setTimeout(() => call.hangUp(), options.durationS * 1000));
    if (options.digits !== undefined) timers.push(setTimeout(() => sendDigits(call, options.digits ?? '', out), DTMF_DELAY_MS));
  });
  const ended = new Promise<void>((resolve) =>
    call.on('ended', (event) => {
      out.event('ended', { ...call.summary, ...event }, describeEnded({ callId: call.callId, ...event }));
      resolve();
    }),
  );
  void waitForStop().then(() => call.hangUp());
  await ended;
  for (const timer of timers) clearTimeout(timer);
  await call.settled();
  return established ? EXIT_OK : EXIT_FAILED;
}

function sendDigits(call: SipCall, digits: string, out: CliOutput): void {
  call.sendDtmf(digits).then(
    () => out.event('dtmf', { callId: call.callId, sent: true, digits }, `DTMF sent: ${digits}`),
    (error: Error) => out.warn(`DTMF not sent: ${error.message}`),
  );
}

function parseDuration(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(seconds > 0) || seconds > MAX_DURATION_S) throw new UsageError(`--duration takes seconds, more than 0 and at most ${MAX_DURATION_S}, not '${text}'`, 'call');
  return seconds;
}

function parseDigits(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!/^[0-9*#A-Da-d]{1,64}$/.test(text)) throw new UsageError(`--dtmf takes up to 64 of 0-9 * # A-D, not '${text}'`, 'call');
  return text.toUpperCase();
}

/** The local address the system routes towards `host`: what our SDP and Contact should say. */
function localAddressTowards(host: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
    const fallback = isIPv6(host) ? '::1' : '127.0.0.1';
    socket.once('error', () => (socket.close(), resolve(fallback)));
    // connect() on UDP sends nothing; it only asks the kernel for a route.
    socket.connect(9, host, () => {
      const { address } = socket.address();
      socket.close();
      resolve(address);
    });
  });
}
