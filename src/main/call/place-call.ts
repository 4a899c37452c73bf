import type { SessionDescription } from '../sdp/session-description.js';
import { getCallId } from '../sip/message/index.js';
import type { SipHeaderInit } from '../sip/message/index.js';
import type { TransportAddress } from '../sip/transport/index.js';
import type { InviteFailure, OutgoingInvite } from '../sip/ua/index.js';
import { codecName, offerForCall, sdpContent } from './answer-offer.js';
import type { CallAudioPlan } from './call-audio.js';
import type { CallContext } from './call-context.js';
import type { CallMedia } from './call-media.js';
import { negotiatedSessionOptions, offeredAudio, readAnswer, withAudioPort } from './negotiated-media.js';
import { SipCall } from './sip-call.js';

let nextOutgoing = 1;

/** One INVITE of a call with its own offer and media session (a P2P call sends one per device). */
export interface InviteBranch {
  readonly invite: OutgoingInvite;
  readonly media: CallMedia;
  readonly offer: SessionDescription;
}

export interface BranchHooks {
  /** The branch's 2xx arrived: true when it takes the call, false when another branch already did. */
  won(branch: InviteBranch): boolean;
  /** The branch failed (refused, timed out, cancelled); its media is closed already. */
  failed(branch: InviteBranch, failure: InviteFailure): void;
}

/**
 * Places a call (the UAC side, RFC 3264 §5): the media session is made for our preferred codec
 * before the offer is written, so the offer carries its real port; the peer's answer then fits
 * the session (`renegotiate`) and starts it towards the answer's c=/m= address.
 */
export async function placeCall(ctx: CallContext, target: string, from: string, plan: CallAudioPlan, extra: InviteExtras = {}): Promise<SipCall> {
  const branch = await sendBranch(ctx, target, plan, undefined, extra);
  const callId = getCallId(branch.invite.request);
  const call = new SipCall({ callId: callId.ok ? callId.value : branch.media.sessionId, direction: 'outgoing', from, to: target }, plan);
  call.attachMedia(branch.media);
  settleBranch(ctx, call, branch, { won: () => true, failed: (_branch, failure) => void call.end(failureReason(failure), failure.status) });
  return call;
}

/** What an INVITE carries besides the offer: a conference focus calling someone in says so (RFC 4579 §3 `isfocus`). */
export interface InviteExtras {
  readonly headers?: readonly SipHeaderInit[] | undefined;
  readonly contactFeatures?: readonly string[] | undefined;
}

/** Makes the media session and the offer, and sends the INVITE (to `destination` when given). */
export async function sendBranch(ctx: CallContext, target: string, plan: CallAudioPlan, destination?: TransportAddress, extra: InviteExtras = {}): Promise<InviteBranch> {
  const description = offerForCall(ctx.localEndpoint());
  const offered = offeredAudio(description);
  if (!offered) throw new Error('no audio codec to offer');
  const media = await ctx.openMedia(`uac-${nextOutgoing++}`, plan, negotiatedSessionOptions(offered));
  const offer = withAudioPort(description, offered.mediaIndex, media.port);
  try {
    const headers = [...(ctx.inviteHeaders?.() ?? []), ...(extra.headers ?? [])];
    const invite = ctx.ua.invite(target, {
      content: sdpContent(offer),
      ...(destination ? { destination } : {}),
      ...(headers.length > 0 ? { headers } : {}),
      ...(extra.contactFeatures ? { contactFeatures: extra.contactFeatures } : {}),
    });
    return { invite, media, offer };
  } catch (error) {
    await media.close();
    throw error;
  }
}

/** What a branch's responses do to `call`: ringing, the end of the call, or the call itself. */
export function settleBranch(ctx: CallContext, call: SipCall, branch: InviteBranch, hooks: BranchHooks): void {
  const { invite, media, offer } = branch;
  call.attachOutgoing(invite);
  invite.onProvisional((response) => {
    if (response.status === 180 || response.status === 183) call.emit('ringing', { status: response.status });
  });
  invite.onFailed((failure) => {
    call.detachOutgoing(invite);
    void media.close();
    hooks.failed(branch, failure);
  });
  invite.onEstablished((session) => {
    call.detachOutgoing(invite);
    if (!hooks.won(branch)) {
      // §13.2.2.4: a second 2xx of a forked call is ACKed and then ended with a BYE.
      session.bye();
      void media.close();
      return;
    }
    call.attachSession(session, 'callee');
    const reading = readAnswer(offer, invite.answer);
    if (!reading.ok) {
      ctx.log(`parley: ${reading.reason}; hanging up`);
      void call.end(`bad answer: ${reading.reason}`);
      return session.bye();
    }
    const { audio } = reading;
    call.agreed({ local: offer, agreed: audio, localHold: false, remoteHold: false });
    // Established with the 2xx (§13.2.2.4); the media follows the answer a moment later.
    call.established(codecName(audio));
    media
      .renegotiate(negotiatedSessionOptions(audio))
      .then(() => media.start({ address: audio.remoteAddress, port: audio.remotePort }))
      .catch((error: Error) => {
        if (call.state === 'ended') return; // hung up before the media started
        void call.end(`media failed: ${error.message}`);
        session.bye();
      });
  });
}

export function failureReason(failure: InviteFailure): string {
  if (failure.cancelled) return 'cancelled';
  // A response is the peer's refusal; without one the 408/503 is our own (§8.1.3.1).
  return `${failure.response ? 'rejected' : 'failed'}: ${failure.status} ${failure.reason}`;
}
