import {
  COMMAND_NAMES,
  type ApiResult,
  type CommandName,
  type EventName,
  type EventPayload,
  type ParleyApi,
} from '../../src/shared/api-contract.js';

type Answers = Partial<Record<CommandName, ApiResult<unknown>>>;

/** A `ParleyApi` that answers from a table, records calls, and lets the test emit events. */
export class FakeParleyApi {
  readonly calls: Array<{ command: CommandName; args: unknown }> = [];
  readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  readonly api: ParleyApi;

  constructor(answers: Answers) {
    const api: Record<string, unknown> = {
      on: (event: EventName, listener: (payload: unknown) => void) => {
        const set = this.listeners.get(event) ?? new Set();
        set.add(listener);
        this.listeners.set(event, set);
        return () => set.delete(listener);
      },
    };
    for (const command of COMMAND_NAMES) {
      api[command] = async (args: unknown) => {
        this.calls.push({ command, args });
        return answers[command] ?? { ok: false, error: { code: 'UNKNOWN_COMMAND', message: `no answer for ${command}` } };
      };
    }
    this.api = api as ParleyApi;
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }

  listenerCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }
}
