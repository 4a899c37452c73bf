import assert from 'node:assert/strict';
import type { ParleyNode } from '../../src/main/node/parley-node.js';
import type { CommandArgs, CommandName, CommandResult, EventName, EventPayload } from '../../src/shared/api-contract.js';

/** A command through a node's typed API, as a UI sends it: its result, or the test fails with the refusal's code. */
export async function command<C extends CommandName>(node: ParleyNode, name: C, args: CommandArgs<C>): Promise<CommandResult<C>> {
  const result = await node.api.dispatch(name, args);
  if (!result.ok) assert.fail(`${name}: ${result.error.code}: ${result.error.message}`);
  return result.value as CommandResult<C>;
}

/** The next event of a node's typed API that matches, as a UI receives it, or a rejection after `ms`. */
export function nextApiEvent<E extends EventName>(node: ParleyNode, name: E, match: (payload: EventPayload<E>) => boolean = () => true, ms = 30_000): Promise<EventPayload<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`no matching ${name} within ${ms} ms`))), ms);
    const off = node.api.onEvent((event: EventName, payload: unknown) => {
      if (event !== name || !match(payload as EventPayload<E>)) return;
      clearTimeout(timer);
      off();
      resolve(payload as EventPayload<E>);
    });
  });
}
