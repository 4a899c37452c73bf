import { fileCallAudio, SILENT_CALL_AUDIO } from '../../call/call-audio.js';
import { conferenceKeyOf } from '../../conference/conference-address.js';
import { encodeZBase32 } from '../../identity/z-base-32.js';
import { ParleyNode } from '../../node/parley-node.js';
import { parseHostPort } from '../../p2p/bootstrap-address.js';
import type { ConferenceView } from '../../../shared/api-contract.js';
import { checkAudioFlags } from '../audio-flags.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../cli-errors.js';
import type { CliOutput } from '../cli-output.js';
import { headlessNodeOptions, joinNetwork, type NodeFlags } from '../headless-node.js';
import { waitForStop } from '../wait-for-stop.js';

export interface ConferenceFlags extends NodeFlags {
  sip?: string | undefined;
  subject?: string | undefined;
  play?: string | undefined;
  record?: string | undefined;
}

const MAX_SUBJECT_CHARS = 128;

/**
 * `parley conference`: this profile's node hosts a conference headless and prints its URI, until
 * stopped (which ends it for everyone). The profile keeps the conference key, so a restarted
 * host has the same URI. With `--play`/`--record` the host takes part through the files;
 * without, it only hosts. With `--sip`, plain SIP phones dial `sip:<conference key>@HOST:PORT`.
 */
export async function conferenceCommand(flags: ConferenceFlags, out: CliOutput): Promise<number> {
  const subject = flags.subject?.trim();
  if (subject !== undefined && (subject.length === 0 || subject.length > MAX_SUBJECT_CHARS)) throw new UsageError(`--subject takes 1 to ${MAX_SUBJECT_CHARS} characters`, 'conference');
  const files = checkAudioFlags('conference', flags);
  const takesPart = files.play !== undefined || files.record !== undefined;
  const node = await ParleyNode.start({
    ...headlessNodeOptions(flags, 'conference', out),
    ...(flags.sip !== undefined ? { sip: { listen: parseHostPort(flags.sip, 'BAD_LISTEN_ADDRESS', true), autoAnswer: false } } : {}),
    calls: { autoAnswer: false },
    conferenceAudio: takesPart ? fileCallAudio({ ...files, numberRecordings: false, endCallWhenSourceEnds: false }) : SILENT_CALL_AUDIO,
  });
  try {
    // Members admit the host only once its device is on its identity's list.
    if (!(await joinNetwork(node, out))) return EXIT_FAILED;
    const focus = await node.conferences.hostKept(subject);
    const key = conferenceKeyOf(focus.uri);
    const dial = node.sip && key ? `sip:${encodeZBase32(key)}@${node.sip.address}` : undefined;
    out.event(
      'conference',
      { uri: focus.uri, subject: focus.subject, host: node.uri, ...(dial ? { sip: dial } : {}), ...files },
      `Hosting "${focus.subject}".\n  Conference URI: ${focus.uri}\n  Join with:      parley call ${focus.uri}` + (dial ? `\n  Plain SIP:      ${dial}` : ''),
    );
    reportMembers(node, focus.uri, focus.members, out);
    const signal = await waitForStop();
    out.event('stopping', { signal }, 'Ending the conference…');
    return EXIT_OK;
  } finally {
    await node.close();
    out.event('stopped', {}, 'Stopped.');
  }
}

type Member = Pick<ConferenceView['members'][number], 'memberId' | 'uri' | 'displayName'>;

/** `joined` and `left` for each member (the roster's changes; those in already first), `ended` when the conference ends. */
function reportMembers(node: ParleyNode, uri: string, present: readonly Member[], out: CliOutput): void {
  let known = new Map<string, Member>();
  const update = (members: readonly Member[]): void => {
    const now = new Map(members.map((member) => [member.memberId, member]));
    for (const [memberId, member] of now) {
      if (!known.has(memberId)) out.event('joined', { memberId, uri: member.uri, displayName: member.displayName }, `  + ${member.displayName ?? member.uri} (${now.size} in)`);
    }
    for (const [memberId, member] of known) {
      if (!now.has(memberId)) out.event('left', { memberId, uri: member.uri, displayName: member.displayName }, `  - ${member.displayName ?? member.uri} (${now.size} in)`);
    }
    known = now;
  };
  update(present);
  node.api.on('conferenceUpdated', (view) => {
    if (view.uri === uri) update(view.members);
  });
  node.api.on('conferenceEnded', (event) => {
    if (event.uri === uri) out.event('ended', { ...event }, `The conference ended: ${event.reason}`);
  });
}
