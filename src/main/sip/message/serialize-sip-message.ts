/**
 * A message to bytes (RFC 3261 §7): start line, one line per header field in order (long
 * names, never folded), a Content-Length that always matches the body — replacing a stale one
 * where it stood, or last — the empty line, and the body. Parsing the result gives back the
 * same model.
 */
import { headerKey } from './header-names.js';
import { SipBuildError } from './sip-build-error.js';
import { type SipMessage } from './sip-message.js';

export function formatStartLine(message: SipMessage): string {
  const line =
    message.kind === 'request'
      ? `${message.method} ${message.requestUri} ${message.version}`
      : `${message.version} ${message.status} ${message.reason}`;
  if (line.includes('\r') || line.includes('\n')) throw new SipBuildError('INVALID_MESSAGE_PART', 'the start line contains a line break');
  return line;
}

export function serializeSipMessage(message: SipMessage): Buffer {
  let head = formatStartLine(message) + '\r\n';
  const contentLength = `Content-Length: ${message.body.length}\r\n`;
  let wroteLength = false;
  for (const field of message.headers) {
    if (headerKey(field.name) === 'content-length') {
      if (!wroteLength) head += contentLength;
      wroteLength = true;
    } else {
      head += `${field.name}: ${field.value}\r\n`;
    }
  }
  if (!wroteLength) head += contentLength;
  head += '\r\n';
  const headBytes = Buffer.from(head, 'utf8');
  return message.body.length === 0 ? headBytes : Buffer.concat([headBytes, message.body]);
}
