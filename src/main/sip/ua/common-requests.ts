/**
 * The requests any UA answers the same way inside a dialog or outside one: OPTIONS (§11.2),
 * a 200 that says what we can do, and MESSAGE (RFC 3428), handed to the application's handler.
 */
import { type NameAddr, type SipHeaderInit, type SipRequest, tagOf } from '../message/index.js';
import type { ServerRequest } from './server-request.js';
import { contentOf, mediaTypeOf, type SipContent } from './sip-content.js';
import { allowAndSupported, type UaCapabilities } from './ua-context.js';

/** §11.2: "Allow, Accept, Accept-Encoding, Accept-Language, and Supported header fields SHOULD be present". */
export function optionsResponseHeaders(capabilities: UaCapabilities): SipHeaderInit[] {
  const fields: SipHeaderInit[] = [
    ...allowAndSupported(capabilities),
    ['Accept', capabilities.sessionTypes.join(', ')],
    ['Accept-Encoding', 'identity'],
    ['Accept-Language', 'en'],
  ];
  if (capabilities.supported.length === 0) fields.push(['Supported', '']);
  const events = capabilities.allowEvents();
  if (events.length > 0) fields.push(['Allow-Events', events.join(', ')]);
  return fields;
}

export function answerOptions(server: ServerRequest, capabilities: UaCapabilities): void {
  server.respond(200, { headers: optionsResponseHeaders(capabilities) });
}

export interface IncomingMessage {
  readonly from: NameAddr;
  readonly to: NameAddr;
  readonly content: SipContent | undefined;
  readonly request: SipRequest;
  /** True when it came inside a dialog (a MESSAGE during a call). */
  readonly inDialog: boolean;
}

/** Returns the final status (200 when it returns nothing); a status outside 200-699 becomes 500. */
export type MessageHandler = (message: IncomingMessage) => number | undefined;

export interface MessageHandling {
  readonly handler: MessageHandler;
  /** Media types we take; text/plain unless told otherwise, the type every MESSAGE-capable UA is expected to take (RFC 3428). */
  readonly accept: readonly string[];
}

/** RFC 3428: 415 with Accept for a type we do not take, else the handler's status. */
export function answerMessage(server: ServerRequest, handling: MessageHandling, log: (line: string) => void): void {
  const type = mediaTypeOf(server.request);
  if (server.request.body.length > 0 && (type === undefined || !handling.accept.includes(type))) {
    server.respond(415, { headers: [['Accept', handling.accept.join(', ')]] });
    return;
  }
  let status = 200;
  try {
    const returned = handling.handler({
      from: server.core.from,
      to: server.core.to,
      content: contentOf(server.request),
      request: server.request,
      inDialog: tagOf(server.core.to) !== undefined,
    });
    if (typeof returned === 'number') status = returned >= 200 && returned <= 699 ? returned : 500;
  } catch (error) {
    log(`MESSAGE handler failed: ${String(error)}`);
    status = 500;
  }
  server.respond(status);
}
