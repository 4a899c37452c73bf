import { useEffect, useRef, useState } from 'react';
import type { ConferenceView, Contact } from '../../shared/api-contract.js';
import { rosterChanges, speakersSentence } from '../view/conference-view.js';

/**
 * How long who speaks must stay the same before a screen reader is told: turn-taking, not every
 * breath. The roster's speaking flags change several times a second; announcing each would
 * talk over the very person speaking.
 */
export const SPEAKERS_SETTLE_MS = 2_500;

/**
 * The sentence a conference card's polite live region holds: roster changes (joined, left,
 * muted, locked) at once, and who speaks once it has settled and differs from the last told.
 */
export function useConferenceAnnouncement(view: ConferenceView, contacts: readonly Contact[]): string {
  const [message, setMessage] = useState('');
  const previous = useRef(view);
  const lastSpeakers = useRef('');

  useEffect(() => {
    const changes = rosterChanges(previous.current, view, contacts);
    previous.current = view;
    if (changes.length > 0) setMessage(changes.join(' '));
  }, [view, contacts]);

  const speakers = view.state === 'active' ? speakersSentence(view.members, contacts) : '';
  useEffect(() => {
    if (speakers === '' || speakers === lastSpeakers.current) return;
    const timer = setTimeout(() => {
      lastSpeakers.current = speakers;
      setMessage(speakers);
    }, SPEAKERS_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [speakers]);

  return message;
}
