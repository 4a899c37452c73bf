/** A real `ApiService` over an in-memory core, for the Electron glue's tests. */
import { ApiService, type CommandHandlers } from '../../../src/main/api/api-service.js';
import type { CommandName } from '../../../src/shared/api-contract.js';
import { inMemoryHandlers, type InMemoryCore } from '../../helpers/in-memory-handlers.js';

export type TestApi = {
  readonly api: ApiService;
  readonly state: { muted: boolean };
  /** The in-memory core behind the handlers (waiting dial requests, notices). */
  readonly core: InMemoryCore;
  /** Every command the core ran, in order, with its (validated) arguments. */
  readonly calls: Array<{ command: CommandName; args: unknown }>;
};

export function createTestApi(options: { setMutedFails?: boolean } = {}): TestApi {
  const calls: TestApi['calls'] = [];
  const core: InMemoryCore = { muted: false, notices: [], pendingDials: [] };
  const state = core; // tests flip `state.muted` to play a core that changed on its own
  const inMemory = inMemoryHandlers((name, payload) => api.emit(name, payload), 'electron', core);
  const handlers: CommandHandlers = {
    ...inMemory,
    getNetworkStatus: () => ({ state: 'offline', peers: 0, bootstrap: [], privateNetwork: false, since: 0, nat: 'unknown', publicAddress: null }),
    setMuted: (args) => {
      if (options.setMutedFails) throw Object.assign(new Error('no microphone'), { code: 'NO_DEVICE', apiCode: 'UNAVAILABLE' });
      return inMemory.setMuted(args);
    },
  };
  const recorded = Object.fromEntries(
    Object.entries(handlers).map(([command, handler]) => [
      command,
      (args: unknown) => {
        calls.push({ command: command as CommandName, args });
        return (handler as (a: unknown) => unknown)(args);
      },
    ]),
  ) as CommandHandlers;
  const api = new ApiService(recorded);
  return { api, state, core, calls };
}
