/**
 * Loads the SIP fixtures (test/fixtures/sip): RFC 4475 torture messages and RFC call flows,
 * decoded with the convention of test/fixtures/sip/rfc4475/README.md.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../fixtures/sip/', import.meta.url));
const MARKERS = /<hex>([0-9A-Fa-f\s]*)<\/hex>|<repeat count=(\d+)>(.*?)<\/repeat>/g;

function expandLine(line: string): Buffer {
  const parts: Buffer[] = [];
  let last = 0;
  for (const match of line.matchAll(MARKERS)) {
    parts.push(Buffer.from(line.slice(last, match.index), 'utf8'));
    if (match[1] !== undefined) parts.push(Buffer.from(match[1].replace(/\s/g, ''), 'hex'));
    else parts.push(Buffer.from((match[3] ?? '').repeat(Number(match[2])), 'utf8'));
    last = match.index + match[0].length;
  }
  parts.push(Buffer.from(line.slice(last), 'utf8'));
  return Buffer.concat(parts);
}

/** The bytes of a message written in the RFC 4475 notation (README.md, "Decoding convention"). */
export function decodeTortureText(text: string): Buffer {
  const lines: string[] = [];
  let joined: string[] | null = null;
  for (const line of text.replace(/\n$/, '').split('\n')) {
    if (line === '<allOneLine>') joined = [];
    else if (line === '</allOneLine>') {
      lines.push((joined ?? []).join(''));
      joined = null;
    } else if (joined) joined.push(line);
    else lines.push(line);
  }
  const crlf = Buffer.from('\r\n');
  return Buffer.concat(lines.flatMap((line) => [expandLine(line), crlf]));
}

export function loadTortureMessage(name: string): Buffer {
  return decodeTortureText(readFileSync(`${FIXTURES}rfc4475/${name}.txt`, 'utf8'));
}

export function tortureMessageNames(): string[] {
  return readdirSync(`${FIXTURES}rfc4475`)
    .filter((file) => file.endsWith('.txt'))
    .map((file) => file.slice(0, -4))
    .sort();
}

export interface FlowMessage {
  readonly flow: string;
  readonly label: string;
  readonly bytes: Buffer;
}

/** Every message of every call flow in test/fixtures/sip/flows. */
export function loadFlowMessages(): FlowMessage[] {
  const out: FlowMessage[] = [];
  for (const file of readdirSync(`${FIXTURES}flows`).filter((f) => f.endsWith('.txt')).sort()) {
    const text = readFileSync(`${FIXTURES}flows/${file}`, 'utf8');
    const blocks = text.split(/^--- /m).slice(1);
    for (const block of blocks) {
      const newline = block.indexOf('\n');
      out.push({ flow: file.slice(0, -4), label: block.slice(0, newline), bytes: decodeTortureText(block.slice(newline + 1)) });
    }
  }
  return out;
}
