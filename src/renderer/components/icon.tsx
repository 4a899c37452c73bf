/** Line icons drawn on a 24-unit grid; decorative, so hidden from assistive technology. */
const PATHS = {
  mic: 'M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3Z M5 11a7 7 0 0 0 14 0 M12 18v3',
  micOff: 'M9 9v3a3 3 0 0 0 5.1 2.1 M15 10V6a3 3 0 0 0-5.7-1.3 M5 11a7 7 0 0 0 11.6 5.3 M19 11a7 7 0 0 1-.5 2.5 M12 18v3 M4 4l16 16',
  copy: 'M9 9h10v10H9Z M5 15V5h10',
  qrCode: 'M4 4h6v6H4Z M14 4h6v6h-6Z M4 14h6v6H4Z M14 14h2.5v2.5H14Z M17.5 17.5H20V20h-2.5Z M14 20h.01 M20 14h.01',
  check: 'M5 12.5l4.5 4.5L19 7.5',
  close: 'M6 6l12 12 M18 6L6 18',
  phone:
    'M6.6 3.5h2.7l1.4 4.3-2 1.4a11 11 0 0 0 6.1 6.1l1.4-2 4.3 1.4v2.7a2 2 0 0 1-2.2 2A16.5 16.5 0 0 1 4.6 5.7a2 2 0 0 1 2-2.2Z',
  hangUp: 'M3 14.5a12.7 12.7 0 0 1 18 0l-2.3 2.3-3.5-1.2v-2.8a11 11 0 0 0-6.4 0v2.8l-3.5 1.2Z',
  pause: 'M9 5v14 M15 5v14',
  play: 'M7.5 5v14l11-7Z',
  keypad: 'M4.8 3.3h2.4v2.4h-2.4Z M10.8 3.3h2.4v2.4h-2.4Z M16.8 3.3h2.4v2.4h-2.4Z M4.8 8.3h2.4v2.4h-2.4Z M10.8 8.3h2.4v2.4h-2.4Z M16.8 8.3h2.4v2.4h-2.4Z M4.8 13.3h2.4v2.4h-2.4Z M10.8 13.3h2.4v2.4h-2.4Z M16.8 13.3h2.4v2.4h-2.4Z M10.8 18.3h2.4v2.4h-2.4Z',
  speaker: 'M4 9.5v5h3.5L12 18V6L7.5 9.5Z M15.5 9a4 4 0 0 1 0 6 M18 6.5a7.5 7.5 0 0 1 0 11',
  people:
    'M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7Z M2.5 20a6.5 6.5 0 0 1 13 0 M16 4.3a3.5 3.5 0 0 1 0 6.4 M18 14a6.5 6.5 0 0 1 3.5 6',
  conference:
    'M12 9a3 3 0 1 0 0-6 3 3 0 0 0 0 6Z M4.5 14a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5Z M19.5 14a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5Z M7 21a5 5 0 0 1 10 0 M1 20.5a4 4 0 0 1 5-3.8 M23 20.5a4 4 0 0 0-5-3.8',
  voicemail: 'M6.5 16a4 4 0 1 0 0-8 4 4 0 0 0 0 8Z M17.5 16a4 4 0 1 0 0-8 4 4 0 0 0 0 8Z M6.5 16h11',
  info: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18Z M12 11v5 M12 7.5v.5',
  warning: 'M12 3.5 2.5 20h19L12 3.5Z M12 10v4.5 M12 17v.5',
  error: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18Z M9 9l6 6 M15 9l-6 6',
  settings:
    'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6Z M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1Z',
  search: 'M10.5 17a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13Z M15.5 15.5 20 20',
  plus: 'M12 5v14 M5 12h14',
  edit: 'M4 20h4L19 9l-4-4L4 16Z M13.5 6.5l4 4',
  trash: 'M4 7h16 M9.5 7V4.5h5V7 M6.5 7l1 13h9l1-13 M10 11v5.5 M14 11v5.5',
  history: 'M3.5 12a8.5 8.5 0 1 0 2.5-6 M3.5 4v4h4 M12 7.5V12l3 2',
  incoming: 'M17 7 7 17 M7 9v8h8',
  outgoing: 'M7 17 17 7 M9 7h8v8',
  missed: 'M3 7l8 8 7-7 M13 8h5v5',
  lock: 'M6 11h12v9H6Z M8.5 11V8a3.5 3.5 0 0 1 7 0v3',
  unlock: 'M6 11h12v9H6Z M8.5 11V8a3.5 3.5 0 0 1 6.8-1.2',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, className }: { name: IconName; className?: string }) {
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      viewBox="0 0 24 24"
      width="18"
      height="18"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
