import type { HostPort } from '../p2p/bootstrap-address.js';
import { formatHostPort } from '../p2p/bootstrap-address.js';
import { ParleyNode } from '../node/parley-node.js';
import { rendererDir } from '../package-root.js';
import { UiServer } from '../ui/ui-server.js';
import type { CallAudioPolicy } from '../call/call-audio.js';
import type { CallEndpoint } from '../call/call-endpoint.js';
import { describeDeviceReplaced, describeEnded, describeEstablished } from './call-report.js';
import type { CliOutput } from './cli-output.js';

const PEER_COUNT_REPORT_MS = 10_000;

export interface RunNodeOptions {
  dataDir: string;
  bootstrap?: HostPort[];
  ui: HostPort;
  /** The --ui flag was not given: a taken default port falls back to a free one. */
  uiIsDefault: boolean;
  /** `--sip HOST:PORT` and `--auto-answer`. */
  sip?: { listen: HostPort; autoAnswer: boolean; audio?: CallAudioPolicy };
  /** `--auto-answer`, `--play`, `--record` for P2P calls. */
  calls?: { autoAnswer: boolean; audio?: CallAudioPolicy };
}

/** `incoming`, `established`, `dtmf`, `device` and `ended` events for each call, plain SIP or P2P. */
function reportCalls(endpoint: CallEndpoint, out: CliOutput): void {
  endpoint.on('callIncoming', (call) => out.event('incoming', { ...call }, `Incoming call from ${call.from} (${call.source ?? 'unknown'})`));
  endpoint.on('callEstablished', (call) => out.event('established', { ...call }, describeEstablished(call)));
  endpoint.on('callDtmfReceived', (call) => out.event('dtmf', { ...call }, `Call ${call.callId}: DTMF ${call.digit}`));
  endpoint.on('callDeviceReplaced', (call) => out.event('device', { ...call }, describeDeviceReplaced(call)));
  endpoint.on('callEnded', (call) => out.event('ended', { ...call }, describeEnded(call)));
}

export interface RunningNode {
  node: ParleyNode;
  ui: UiServer;
  close(): Promise<void>;
}

/** Starts a node and its served UI and reports them; shared by `serve` and `demo`. */
export async function runNode(options: RunNodeOptions, out: CliOutput): Promise<RunningNode> {
  const node = await ParleyNode.start({
    dataDir: options.dataDir,
    shell: 'browser',
    ...(options.bootstrap ? { bootstrap: options.bootstrap } : {}),
    ...(options.sip ? { sip: options.sip } : {}),
    ...(options.calls ? { calls: options.calls } : {}),
    log: (message) => out.warn(message),
  });
  let ui: UiServer;
  try {
    ui = await UiServer.start({ api: node.api, listen: options.ui, rendererDir: rendererDir(), fallbackToFreePort: options.uiIsDefault });
  } catch (error) {
    await node.close();
    throw error;
  }
  for (const notice of node.profile.notices) out.warn(notice.message);
  node.api.onEvent((name, payload) => {
    if (name === 'noticeRaised') out.warn((payload as { message: string }).message);
  });
  if (!['127.0.0.1', 'localhost', '::1'].includes(options.ui.host)) {
    out.warn(`the UI listens on ${formatHostPort(ui.address)}: anyone on your network with the link can use this node`);
  }
  const sip = node.sip;
  out.event(
    'ready',
    { uri: node.uri, ui: ui.url, dataDir: node.profile.dataDir, bootstrap: node.dht.status.bootstrap, ...(sip ? { sip: sip.address } : {}) },
    `Parley is running.\n  Your address: ${node.uri}\n  Open the UI:  ${ui.url}\n  Profile:      ${node.profile.dataDir}` +
      (sip ? `\n  Plain SIP:    ${sip.address} (UDP and TCP)${options.sip?.autoAnswer ? ', answering every call' : ''}` : ''),
  );
  if (sip) reportCalls(sip, out);
  reportCalls(node.p2p, out);
  // Every change of state is reported; a change of the peer count alone at most every 10 s,
  // because a busy routing table churns.
  let last = { state: '', peers: -1, at: 0 };
  const report = (): void => {
    const { state, peers } = node.dht.status;
    const now = Date.now();
    if (state === last.state && (peers === last.peers || now - last.at < PEER_COUNT_REPORT_MS)) return;
    last = { state, peers, at: now };
    out.event('network', { state, peers }, `  Network:      ${state}${state === 'online' ? ` (${peers} DHT peers)` : ''}`);
  };
  report();
  node.dht.on('statusChanged', report);
  return {
    node,
    ui,
    async close() {
      await ui.close();
      await node.close();
    },
  };
}
