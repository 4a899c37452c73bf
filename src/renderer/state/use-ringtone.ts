import { useCallback, useEffect, useRef, useState } from 'react';
import type { Ringtone } from '../../shared/api-contract.js';
import { browserRingAudio, RingtonePlayer, type RingtonePlayback } from '../alerts/ringtone-player.js';
import { pickSinkId } from '../alerts/sink-choice.js';

/** What the ringing panel tells about the ring (`data-ringtone`): the player's state, or `off` by the setting. */
export type RingtoneIndicator = RingtonePlayback | 'off';

export type RingtoneControl = {
  playback: RingtoneIndicator;
  /** Plays one round of a ringtone (the settings' Preview); resolves when it is over. Not while a call rings. */
  preview(ringtone: Exclude<Ringtone, 'off'>): Promise<void>;
  stopPreview(): void;
};

type Options = {
  /** Some incoming call is ringing. */
  ringing: boolean;
  /** The setting; null until it loaded, which rings as the core's default, `classic`. */
  ringtone: Ringtone | null;
  /** The loudspeaker chosen for calls (its name in the core), or null for the default. */
  outputDevice(): Promise<string | null>;
};

/** The browser's audio outputs, by id and label; empty where it cannot list them. */
async function browserOutputs(): Promise<Array<{ deviceId: string; label: string }>> {
  if (typeof navigator === 'undefined' || navigator.mediaDevices?.enumerateDevices === undefined) return [];
  try {
    const devices = await navigator.mediaDevices.enumerateDevices();
    return devices.filter((device) => device.kind === 'audiooutput').map(({ deviceId, label }) => ({ deviceId, label }));
  } catch {
    return [];
  }
}

/**
 * Rings while any incoming call rings and the setting is not off, through the loudspeaker
 * chosen for calls where the browser can pick it (`setSinkId`); stops when the last ringing call
 * is answered, declined or gone. A click or key press in the page lets a ring held back by
 * autoplay rules be heard.
 */
export function useRingtone({ ringing, ringtone, outputDevice }: Options): RingtoneControl {
  const playerRef = useRef<RingtonePlayer | null>(null);
  playerRef.current ??= new RingtonePlayer(browserRingAudio);
  const player = playerRef.current;
  const [playback, setPlayback] = useState<RingtonePlayback>(player.state);
  const outputDeviceRef = useRef(outputDevice);
  useEffect(() => {
    outputDeviceRef.current = outputDevice;
  }, [outputDevice]);

  useEffect(() => player.onStateChanged(setPlayback), [player]);

  const setting = ringtone ?? 'classic';
  const rings = ringing && setting !== 'off';
  useEffect(() => {
    if (!rings) return;
    let current = true;
    void player.play(setting, { loop: true });
    void (async () => {
      const name = await outputDeviceRef.current().catch(() => null);
      const sinkId = pickSinkId(name, name === null ? [] : await browserOutputs());
      if (current && sinkId !== null) await player.setSink(sinkId);
    })();
    return () => {
      current = false;
      player.stop();
    };
  }, [player, rings, setting]);

  useEffect(() => {
    const unlock = () => player.unlock();
    window.addEventListener('pointerdown', unlock, true);
    window.addEventListener('keydown', unlock, true);
    return () => {
      window.removeEventListener('pointerdown', unlock, true);
      window.removeEventListener('keydown', unlock, true);
    };
  }, [player]);

  const ringingRef = useRef(rings);
  useEffect(() => {
    ringingRef.current = rings;
  }, [rings]);
  const preview = useCallback(
    (choice: Exclude<Ringtone, 'off'>) => (ringingRef.current ? Promise.resolve() : player.play(choice, { loop: false })),
    [player],
  );
  const stopPreview = useCallback(() => {
    if (!ringingRef.current) player.stop();
  }, [player]);

  return { playback: ringing && setting === 'off' ? 'off' : playback, preview, stopPreview };
}
