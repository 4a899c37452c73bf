import { useContext, useState } from 'react';
import { isConferenceUri } from '../view/conference-view.js';
import { ConferenceCommandsContext } from './conference-commands-context.js';
import { Icon } from './icon.js';

type Props = {
  callId: string;
  /** The other party: a call to a conference is one already. */
  remoteUri: string;
  /** Only an established call can be turned into a conference. */
  established: boolean;
};

/**
 * "Make it a conference" for a 1:1 call: hosts a new conference and asks the other party to
 * move into it (REFER); its card then shows in the Conferences section. Looks like the other
 * call controls beside it, spinner in place of the icon while the request runs. A failure
 * shows as a notice, since a row of call controls has no room for a sentence.
 */
export function MergeIntoConferenceButton({ callId, remoteUri, established }: Props) {
  const commands = useContext(ConferenceCommandsContext);
  const [merging, setMerging] = useState(false);
  if (commands === null || isConferenceUri(remoteUri)) return null;

  const merge = async () => {
    if (merging) return;
    setMerging(true);
    try {
      await commands.merge(callId);
    } finally {
      setMerging(false);
    }
  };

  return (
    <button
      type="button"
      className="button call-control"
      disabled={!established}
      aria-busy={merging}
      aria-disabled={merging || undefined}
      title="Host a conference and bring the other party into it; then invite more people"
      onClick={() => void merge()}
      data-testid="call-merge"
    >
      {merging ? <span className="spinner" aria-hidden="true" /> : <Icon name="conference" />}
      {/* The label stays while it runs, so the row of controls never reflows under the pointer. */}
      <span>Make it a conference</span>
    </button>
  );
}
