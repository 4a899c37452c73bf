import type { RoutedInvite } from '../call/call-endpoint.js';
import { formatUri, parseUri } from '../sip/message/index.js';
import type { IncomingInvite } from '../sip/ua/index.js';
import { conferenceKeyOf, conferenceKeyOfUser } from './conference-address.js';
import type { ConferenceFocus } from './conference-focus.js';

/**
 * Which INVITEs the focus of a hosted conference takes (the endpoints' InviteRouter): a
 * conference URI in the Request-URI, or in To when a proxy rewrote the Request-URI; and, from a
 * plain SIP phone that cannot dial the `.invalid` domain, the conference key as the user part
 * of a Request-URI at our address (`sip:<conference key>@HOST:PORT`). A conference URI this node
 * does not host is 404; anything else is a call for the user (undefined).
 */
export function routeConferenceInvite(invite: IncomingInvite, focusOf: (conferenceKey: Buffer) => ConferenceFocus | undefined): RoutedInvite | undefined {
  for (const uri of [invite.request.requestUri, formatUri(invite.to.uri)]) {
    const key = conferenceKeyOf(uri);
    if (!key) continue;
    return focusOf(key)?.route(invite) ?? { refuse: { status: 404, reason: 'Conference Not Found' } };
  }
  const requestUri = parseUri(invite.request.requestUri);
  const key = requestUri?.kind === 'sip' && requestUri.user !== undefined ? conferenceKeyOfUser(requestUri.user) : null;
  return key ? focusOf(key)?.route(invite) : undefined;
}
