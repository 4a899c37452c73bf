import type { HostPort } from '../p2p/bootstrap-address.js';
import { formatHostPort } from '../p2p/bootstrap-address.js';
import { ParleyNode } from '../node/parley-node.js';
import { rendererDir } from '../package-root.js';
import { UiServer } from '../ui/ui-server.js';
import type { CallAudioPolicy } from '../call/call-audio.js';
import type { PlainSipEndpoint } from '../call/plain-sip-endpoint.js';
import { describeEnded, describeEstablished } from './call-report.js';
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
}

/** `incoming`, `established`, `dtmf` and `ended` events for each plain SIP call. */
function reportCalls(sip: PlainSipEndpoint, out: CliOutput): void {
  sip.on('callIncoming', (call) => out.event('incoming', { ...call }, `Incoming call from ${call.from} (${call.source ?? 'unknown'})`));
  sip.on('callEstablished', (call) => out.event('established', { ...call }, describeEstablished(call)));
  sip.on('callDtmfReceived', (call) => out.event('dtmf', { ...call }, `Call ${call.callId}: DTMF ${call.digit}`));
  sip.on('callEnded', (call) => out.event('ended', { ...call }, describeEnded(call)));
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
