import { join } from 'node:path';
import { SILENT_CALL_AUDIO } from '../call/call-audio.js';
import type { HostPort } from '../p2p/bootstrap-address.js';
import { Profile } from '../profile/profile.js';
import { prepareRoomVoices, type RoomVoiceKind, type RoomVoices } from './demo-room-voices.js';
import { ParleyNode } from './parley-node.js';

/** The room's subject, the buddy's name and the room node's display name. */
export const ROOM_NAME = 'Conference room';

/**
 * How long the room waits for its device to be on its identity's device list, which members
 * check before they admit the focus; after that it hosts anyway and the list catches up.
 */
const JOIN_WAIT_MS = 20_000;

export interface DemoRoom {
  readonly node: ParleyNode;
  /** The conference URI: the same on every run, as the profile keeps the conference key. */
  readonly uri: string;
  readonly voices: RoomVoices;
  /** Ends the conference for its members and stops the node. */
  close(): Promise<void>;
}

export interface DemoRoomOptions {
  readonly dataDir: string;
  readonly bootstrap: HostPort[];
  /** `spoken` (the default) needs espeak-ng and beeps without it; `tones` always beeps. */
  readonly voices?: RoomVoiceKind;
  readonly log?: (line: string) => void;
}

/**
 * The demo's conference room: a node of its own on the demo's DHT hosting one conference in
 * which two bots take turns talking (looping tracks from demo-room-voices.ts), so a newcomer who
 * joins hears a conference and sees its speaking indicators move at once. The node only hosts
 * (no microphone of its own in the roster); its profile keeps the identity and the conference
 * key, so the room's URI, and the buddy pointing at it, stay valid across runs.
 */
export async function startDemoRoom(options: DemoRoomOptions): Promise<DemoRoom> {
  const log = options.log ?? (() => undefined);
  const profile = await Profile.open(options.dataDir);
  if (profile.settings.displayName !== ROOM_NAME) await profile.updateSettings({ displayName: ROOM_NAME });
  const voices = await prepareRoomVoices({ dir: join(options.dataDir, 'voices'), ...(options.voices ? { kind: options.voices } : {}), log });
  const node = await ParleyNode.start({
    dataDir: options.dataDir,
    bootstrap: options.bootstrap,
    shell: 'browser',
    calls: { autoAnswer: false },
    conferenceAudio: SILENT_CALL_AUDIO,
    // One machine, one LAN: members find the room on the DHT, no multicast needed.
    lan: false,
    log,
  });
  try {
    let timer: NodeJS.Timeout | undefined;
    const joined = await Promise.race([node.device.joined.then(() => true), new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), JOIN_WAIT_MS)))]);
    clearTimeout(timer);
    if (!joined) log(`the room's device is not on the network yet after ${JOIN_WAIT_MS / 1000} s; hosting anyway`);
    const focus = await node.conferences.hostKept(ROOM_NAME);
    for (const bot of voices.bots) {
      await node.conferences.addLocalMember(focus.uri, { memberId: bot.memberId, displayName: bot.displayName, source: { kind: 'wav', path: bot.path, loop: true } });
    }
    return { node, uri: focus.uri, voices, close: () => node.close() };
  } catch (error) {
    await node.close();
    throw error;
  }
}
