import { createContext } from 'react';
import type { ConferenceCommands } from '../state/conference-commands.js';

/**
 * The conference commands for controls that live inside other features' components (the
 * "Make it a conference" button in a call panel), so those components need no new props.
 * Null outside the app (a component rendered alone): such controls then render nothing.
 */
export const ConferenceCommandsContext = createContext<ConferenceCommands | null>(null);
