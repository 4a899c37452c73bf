import { formatHostPort } from '../p2p/bootstrap-address.js';
import { findParam, formatUri, parseContactList, parseUri, type SipRequest } from '../sip/message/index.js';
import type { AnswerOptions, IncomingInvite } from '../sip/ua/index.js';
import { answerInvite, codecName, sdpContent } from './answer-offer.js';
import type { CallAudioPlan } from './call-audio.js';
import type { CallContext } from './call-context.js';
import type { CallMedia } from './call-media.js';
import { displayNameLabel } from './display-name-label.js';
import { negotiatedSessionOptions, offeredAudio, readAnswer, withAudioPort } from './negotiated-media.js';
import type { CallSummary, SipCall } from './sip-call.js';

let nextIncoming = 1;

/**
 * The extension header in which a conference focus that calls someone in names its conference.
 * RFC 4579 §5.4 puts the conference URI in the focus's Contact, but on a peer connection the
 * Contact must name the focus device, so the URI travels here, next to `isfocus`.
 */
export const CONFERENCE_HEADER = 'Parley-Conference';

export function incomingSummary(invite: IncomingInvite): CallSummary {
  const name = displayNameLabel(invite.from.displayName);
  const conference = invitedToConference(invite.request);
  return {
    callId: invite.callId,
    direction: 'incoming',
    from: formatUri(invite.from.uri),
    to: formatUri(invite.to.uri),
    source: `${invite.source.protocol} ${formatHostPort(invite.source)}`,
    ...(name === null ? {} : { remoteDisplayName: name }),
    ...(conference === undefined ? {} : { conference }),
  };
}

/** The conference an INVITE from a focus (its Contact says `isfocus`) brings us into, if it names one. */
function invitedToConference(request: SipRequest): string | undefined {
  const contacts = parseContactList(request.headers.all('Contact'));
  if (contacts?.kind !== 'list' || !contacts.contacts.some((contact) => findParam(contact.address.params, 'isfocus') !== undefined)) return undefined;
  const named = request.headers.first(CONFERENCE_HEADER)?.trim().replace(/^<(.*)>$/, '$1');
  const uri = named !== undefined && named.length <= 256 ? parseUri(named) : null;
  return uri?.kind === 'sip' ? formatUri(uri) : undefined;
}

/**
 * Answers an INVITE with media (the UAS side, RFC 3264 §6): the answer is agreed first (pure),
 * then the media session is made for it, so the SDP we send carries the session's real port;
 * media starts at once towards the offer's address. An INVITE without an offer gets ours, and
 * the answer in its ACK settles the session (§13.2.1). A call rejected or cancelled meanwhile
 * ends with its reason in `call`'s `ended` event.
 */
export async function answerCall(ctx: CallContext, invite: IncomingInvite, call: SipCall, plan: CallAudioPlan, options: AnswerOptions = {}): Promise<void> {
  const decision = answerInvite(invite.offer, ctx.localEndpoint());
  if (!decision.ok) {
    invite.reject(decision.status, { reason: decision.reason.slice(0, 100) });
    return void call.end('rejected', decision.status);
  }
  // With an offer: what was agreed. Without: what we offer, fitted to the ACK's answer later.
  const audio = decision.audio ?? (invite.offer ? null : offeredAudio(decision.description));
  let media: CallMedia | undefined;
  if (audio) {
    try {
      media = await ctx.openMedia(`uas-${nextIncoming++}`, plan, negotiatedSessionOptions(audio), decision.audio ?? undefined);
    } catch (error) {
      ctx.log(`parley: no media session for ${call.callId}: ${(error as Error).message}`);
      invite.reject(500, { reason: 'No media session' });
      return void call.end('failed', 500);
    }
    call.attachMedia(media);
  }
  if (invite.state !== 'pending' && invite.state !== 'early') {
    return void call.end('cancelled'); // closes the media made meanwhile
  }
  const description = media && audio ? withAudioPort(decision.description, audio.mediaIndex, media.port) : decision.description;
  const session = invite.accept(sdpContent(description), options);
  call.attachSession(session, 'caller');
  if (decision.audio && media) {
    call.agreed({ local: description, agreed: decision.audio, localHold: false, remoteHold: false });
    // The answerer knows where to send from the offer: media starts now, the call is
    // established when the ACK confirms the dialog (§13.3.1.4).
    media.start({ address: decision.audio.remoteAddress, port: decision.audio.remotePort }).catch(failed);
    session.onAcknowledged(() => call.established(codecName(decision.audio)));
    return;
  }
  session.onAcknowledged(({ content }) => {
    if (!media) return call.established(null);
    const reading = readAnswer(description, content);
    if (!reading.ok) return failed(new Error(reading.reason));
    call.agreed({ local: description, agreed: reading.audio, localHold: false, remoteHold: false });
    media
      .renegotiate(negotiatedSessionOptions(reading.audio))
      .then(() => media.start({ address: reading.audio.remoteAddress, port: reading.audio.remotePort }))
      .then(() => call.established(codecName(reading.audio)), failed);
  });

  function failed(error: Error): void {
    if (call.state === 'ended') return; // a session closed by an early BYE cannot start
    ctx.log(`parley: media for ${call.callId} failed: ${error.message}`);
    void call.end(`media failed: ${error.message}`);
    session.bye();
  }
}
