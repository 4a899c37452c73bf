/**
 * Route sets (RFC 3261 §12.1.1, §12.1.2) and how a request inside a dialog is routed with one
 * (§12.2.1.1): a loose router (`;lr`, §16.12) sees the remote target as the Request-URI and the
 * route set as Route headers; a strict router (RFC 2543) expects to find itself in the
 * Request-URI, so the first route moves there and the remote target goes last in Route.
 */
import { type NameAddr, type SipUri, type Uri, uriParam } from '../message/index.js';

/** The UAS keeps Record-Route in order (§12.1.1); the UAC reverses it (§12.1.2). */
export function routeSetFromRecordRoute(recordRoutes: readonly NameAddr[], role: 'uac' | 'uas'): NameAddr[] {
  const routes = recordRoutes.map((address) => ({ ...address }));
  return role === 'uac' ? routes.reverse() : routes;
}

export function isLooseRoute(route: NameAddr): boolean {
  return route.uri.kind === 'sip' && uriParam(route.uri, 'lr') !== undefined;
}

/**
 * §12.2.1.1: "stripping any parameters that are not allowed in a Request-URI" — §19.1.1
 * Table 1 allows neither `method` nor headers there.
 */
function asRequestUri(uri: Uri): Uri {
  if (uri.kind !== 'sip') return uri;
  const stripped: SipUri = { ...uri, params: uri.params.filter((p) => p.name.toLowerCase() !== 'method'), headers: [] };
  return stripped;
}

export interface DialogRouting {
  readonly requestUri: Uri;
  /** The Route header values, in order. */
  readonly routes: readonly NameAddr[];
}

/** The Request-URI and Route headers of a request sent in a dialog with this route set and remote target. */
export function routeRequest(routeSet: readonly NameAddr[], remoteTarget: Uri): DialogRouting {
  const [first, ...rest] = routeSet;
  if (first === undefined) return { requestUri: remoteTarget, routes: [] };
  if (isLooseRoute(first)) return { requestUri: remoteTarget, routes: routeSet };
  return { requestUri: asRequestUri(first.uri), routes: [...rest, { uri: remoteTarget, params: [] }] };
}
