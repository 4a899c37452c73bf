/**
 * Cuts a byte stream (TCP, TLS, the HyperDHT connection) into SIP messages with their
 * Content-Length, which a stream requires (RFC 3261 §18.3). It tells *incomplete* (wait for
 * more bytes) from *malformed* (the framing is lost: answer with the error's reply if it has
 * one, then close, RFC 4475 §3.1.2.3) and from *invalid* (a whole message that was refused: the
 * stream goes on). Between messages, CRLFCRLF is an RFC 5626 §3.5.1 keep-alive ping (answer
 * with CRLF) and a lone CRLF is its pong. Memory is bounded by SipMessageLimits; work is linear
 * in the bytes pushed, however they are split.
 */
import { type SipCoreHeaders } from './message-validation.js';
import { completeSipMessage, copyBytes, headContentLength, parseSipHead, rejectHead, type SipHead } from './parse-sip-message.js';
import { SIP_MESSAGE_LIMITS, type SipMessageLimits } from './sip-limits.js';
import { type SipMessage } from './sip-message.js';
import { type SipParseError } from './sip-parse-error.js';

export type SipFramerEvent =
  | { readonly type: 'message'; readonly message: SipMessage; readonly core: SipCoreHeaders }
  /** A whole message that failed validation: send `error.reply` if present; the stream stays usable. */
  | { readonly type: 'invalid'; readonly error: SipParseError }
  /** CRLFCRLF between messages: answer with a CRLF pong. */
  | { readonly type: 'ping' }
  /** A lone CRLF between messages: the pong to our ping (or a stray CRLF, §7.5). */
  | { readonly type: 'pong' }
  /** The stream cannot be framed any more: send `error.reply` if present, then close. */
  | { readonly type: 'malformed'; readonly error: SipParseError };

type State = 'between' | 'head' | 'body' | 'broken';

const CR = 0x0d;
const LF = 0x0a;
const CRLFCRLF = Buffer.from('\r\n\r\n');
const INITIAL_CAPACITY = 4096;

export class SipStreamFramer {
  private readonly limits: SipMessageLimits;
  private buffer = Buffer.alloc(INITIAL_CAPACITY);
  private start = 0;
  private end = 0;
  private state: State = 'between';
  /** Head: where the search for CRLFCRLF resumes, relative to `start`. */
  private scanned = 0;
  private head: SipHead | null = null;
  /** Body: offset and length relative to `start`. */
  private bodyOffset = 0;
  private bodyLength = 0;
  /** A CRLF was the last thing seen between messages (the first half of a split ping?). */
  private pendingCrlf = false;

  constructor(limits: SipMessageLimits = SIP_MESSAGE_LIMITS) {
    this.limits = limits;
  }

  /** Bytes held while waiting for the rest of a message. */
  get bufferedBytes(): number {
    return this.end - this.start;
  }

  /** True after a `malformed` event: every later push is ignored. */
  get isBroken(): boolean {
    return this.state === 'broken';
  }

  push(chunk: Uint8Array): SipFramerEvent[] {
    if (this.state === 'broken' || chunk.length === 0) return [];
    this.append(chunk);
    const events: SipFramerEvent[] = [];
    while (this.step(events));
    if (this.start === this.end) {
      this.start = this.end = 0;
      if (this.buffer.length > 2 * this.limits.maxMessageBytes) this.buffer = Buffer.alloc(INITIAL_CAPACITY);
    }
    return events;
  }

  private append(chunk: Uint8Array): void {
    const used = this.end - this.start;
    if (this.buffer.length - this.end < chunk.length) {
      if (this.buffer.length - used >= chunk.length && used <= this.buffer.length / 2) {
        this.buffer.copyWithin(0, this.start, this.end);
      } else {
        const grown = Buffer.alloc(Math.max(2 * this.buffer.length, used + chunk.length));
        this.buffer.copy(grown, 0, this.start, this.end);
        this.buffer = grown;
      }
      this.start = 0;
      this.end = used;
    }
    this.buffer.set(chunk, this.end);
    this.end += chunk.length;
  }

  /** Advances by one event or state change; false when more bytes are needed. */
  private step(events: SipFramerEvent[]): boolean {
    if (this.state === 'between') return this.stepBetween(events);
    if (this.state === 'head') return this.stepHead(events);
    if (this.state === 'body') return this.stepBody(events);
    return false;
  }

  private byte(offset: number): number | undefined {
    return this.start + offset < this.end ? this.buffer[this.start + offset] : undefined;
  }

  private stepBetween(events: SipFramerEvent[]): boolean {
    const available = this.end - this.start;
    if (available === 0) return false;
    if (this.byte(0) !== CR) {
      this.pendingCrlf = false;
      this.state = 'head';
      this.scanned = 0;
      return true;
    }
    if (available < 2) return false;
    if (this.byte(1) !== LF) return this.fail(events, { code: 'BAD_START_LINE', reason: 'CR without LF between messages' });
    if (this.pendingCrlf) {
      // The second half of a ping cut between its CRLFs.
      events.push({ type: 'ping' });
      this.pendingCrlf = false;
      this.start += 2;
    } else if (this.byte(2) === CR && this.byte(3) === LF) {
      events.push({ type: 'ping' });
      this.start += 4;
    } else if (available === 3 && this.byte(2) === CR) {
      return false; // CRLF CR: wait, a ping may be arriving
    } else {
      // A lone CRLF. When nothing follows yet it may also be half a ping: remember it.
      events.push({ type: 'pong' });
      this.pendingCrlf = available === 2;
      this.start += 2;
    }
    return true;
  }

  private stepHead(events: SipFramerEvent[]): boolean {
    const view = this.buffer.subarray(this.start, this.end);
    const headEnd = view.indexOf(CRLFCRLF, Math.max(0, this.scanned - 3));
    if (headEnd === -1 || headEnd > this.limits.maxHeadBytes) {
      this.scanned = view.length;
      if (view.length <= this.limits.maxHeadBytes) return false;
      const head = parseSipHead(view.toString('utf8', 0, this.limits.maxHeadBytes), this.limits);
      return this.fail(events, rejectHead(head, { code: 'MESSAGE_TOO_LARGE', reason: 'Message Too Large' }));
    }
    const head = parseSipHead(view.toString('utf8', 0, headEnd), this.limits);
    const length = headContentLength(head);
    if (typeof length === 'object') return this.fail(events, rejectHead(head, length));
    if (length === undefined) {
      return this.fail(events, rejectHead(head, { code: 'MISSING_CONTENT_LENGTH', reason: 'Missing Content-Length', header: 'Content-Length' }));
    }
    if (headEnd + 4 + length > this.limits.maxMessageBytes) {
      return this.fail(events, rejectHead(head, { code: 'MESSAGE_TOO_LARGE', reason: 'Message Too Large' }));
    }
    this.head = head;
    this.bodyOffset = headEnd + 4;
    this.bodyLength = length;
    this.state = 'body';
    return true;
  }

  private stepBody(events: SipFramerEvent[]): boolean {
    const messageEnd = this.bodyOffset + this.bodyLength;
    if (this.end - this.start < messageEnd || !this.head) return false;
    const body = copyBytes(this.buffer, this.start + this.bodyOffset, this.start + messageEnd);
    const result = completeSipMessage(this.head, body, this.limits);
    events.push(result.ok ? { type: 'message', message: result.message, core: result.core } : { type: 'invalid', error: result.error });
    this.start += messageEnd;
    this.head = null;
    this.state = 'between';
    return true;
  }

  private fail(events: SipFramerEvent[], error: SipParseError): boolean {
    events.push({ type: 'malformed', error });
    this.state = 'broken';
    this.buffer = Buffer.alloc(0);
    this.start = this.end = 0;
    this.head = null;
    return false;
  }
}
