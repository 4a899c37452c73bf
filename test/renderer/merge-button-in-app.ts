/**
 * The merge button as a call panel inside the app has it: under the app's conference commands.
 * Loaded with importRenderer in one go, so the context and the button share one module instance
 * (each importRenderer loads its own copies).
 */
import { createElement } from 'react';
import { ConferenceCommandsContext } from '../../src/renderer/components/conference-commands-context.js';
import { MergeIntoConferenceButton } from '../../src/renderer/components/merge-into-conference-button.js';
import type { ConferenceCommands } from '../../src/renderer/state/conference-commands.js';

type Props = { commands: ConferenceCommands; callId: string; remoteUri: string; established: boolean };

export function MergeButtonInApp({ commands, ...button }: Props) {
  return createElement(ConferenceCommandsContext.Provider, { value: commands }, createElement(MergeIntoConferenceButton, button));
}
