/**
 * What a command tells the person or script that ran it. With `--json` every event is one
 * JSON object on its own line of stdout (`{"event":"ready","at":…,…}`), so scripts can read
 * it line by line; otherwise a short sentence. Errors always go to stderr as text.
 */
export interface CliOutput {
  readonly json: boolean;
  event(name: string, fields: Record<string, unknown>, human: string): void;
  warn(message: string): void;
}

export interface Streams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export function createCliOutput(json: boolean, streams: Streams = process, now: () => number = Date.now): CliOutput {
  return {
    json,
    event(name, fields, human) {
      if (json) streams.stdout.write(`${JSON.stringify({ event: name, at: now(), ...fields })}\n`);
      else streams.stdout.write(`${human}\n`);
    },
    warn(message) {
      streams.stderr.write(`parley: ${message}\n`);
    },
  };
}
