import { useEffect, useState } from 'react';

/**
 * The time, refreshed every `intervalMs` while `running` (a call timer needs it; an idle
 * window should not wake up every second for nothing).
 */
export function useNow(running: boolean, intervalMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [running, intervalMs]);
  return now;
}
