import { getCallId } from '../sip/message/index.js';
import type { InviteFailure, OutgoingInvite } from '../sip/ua/index.js';
import { codecName, localEndpoint, offerForCall, sdpContent } from './answer-offer.js';
import type { CallAudioPlan } from './call-audio.js';
import type { CallContext } from './call-context.js';
import { CallMedia } from './call-media.js';
import { negotiatedSessionOptions, offeredAudio, readAnswer, withAudioPort } from './negotiated-media.js';
import { SipCall } from './sip-call.js';

let nextOutgoing = 1;

/**
 * Places a call (the UAC side, RFC 3264 §5): the media session is made for our preferred codec
 * before the offer is written, so the offer carries its real port; the peer's answer then fits
 * the session (`renegotiate`) and starts it towards the answer's c=/m= address.
 */
export async function placeCall(ctx: CallContext, target: string, from: string, plan: CallAudioPlan): Promise<SipCall> {
  const description = offerForCall(localEndpoint(ctx.mediaHost));
  const offered = offeredAudio(description);
  if (!offered) throw new Error('no audio codec to offer');
  const media = await CallMedia.create(ctx.media(), `uac-${nextOutgoing++}`, plan, ctx.mediaHost, negotiatedSessionOptions(offered), ctx.mediaTuning);
  const offer = withAudioPort(description, offered.mediaIndex, media.port);
  let invite: OutgoingInvite;
  try {
    invite = ctx.ua.invite(target, { content: sdpContent(offer) });
  } catch (error) {
    await media.close();
    throw error;
  }
  const callId = getCallId(invite.request);
  const call = new SipCall({ callId: callId.ok ? callId.value : media.sessionId, direction: 'outgoing', from, to: target }, plan);
  call.attachMedia(media);
  call.attachOutgoing(invite);
  invite.onProvisional((response) => {
    if (response.status === 180 || response.status === 183) call.emit('ringing', { status: response.status });
  });
  invite.onFailed((failure) => void call.end(failureReason(failure), failure.status));
  invite.onEstablished((session) => {
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
  return call;
}

function failureReason(failure: InviteFailure): string {
  if (failure.cancelled) return 'cancelled';
  // A response is the peer's refusal; without one the 408/503 is our own (§8.1.3.1).
  return `${failure.response ? 'rejected' : 'failed'}: ${failure.status} ${failure.reason}`;
}
