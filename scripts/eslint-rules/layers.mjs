// The layers of Parley and which way they depend (docs/architecture.md, "Layers").
// A file may import its own module and any module of a LOWER rank; never a higher rank,
// never another module of the same rank (so media and sip stay strangers).
// The first matching prefix wins, so list deeper folders before their parents.
export const LAYERS = [
  { module: 'shared', prefix: 'src/shared/', rank: 0 },
  { module: 'identity', prefix: 'src/main/identity/', rank: 2 },
  { module: 'xml', prefix: 'src/main/xml/', rank: 2 },
  { module: 'profile', prefix: 'src/main/profile/', rank: 3 },
  { module: 'sip/message', prefix: 'src/main/sip/message/', rank: 4 },
  { module: 'media', prefix: 'src/main/media/', rank: 4 },
  { module: 'p2p', prefix: 'src/main/p2p/', rank: 4 },
  { module: 'sdp', prefix: 'src/main/sdp/', rank: 4 },
  { module: 'sip/transport', prefix: 'src/main/sip/transport/', rank: 5 },
  { module: 'sip/transaction', prefix: 'src/main/sip/transaction/', rank: 6 },
  { module: 'sip/dialog', prefix: 'src/main/sip/dialog/', rank: 7 },
  { module: 'sip/ua', prefix: 'src/main/sip/ua/', rank: 8 },
  { module: 'sip', prefix: 'src/main/sip/', rank: 8 },
  { module: 'call', prefix: 'src/main/call/', rank: 9 },
  { module: 'presence', prefix: 'src/main/presence/', rank: 9 },
  { module: 'contacts', prefix: 'src/main/contacts/', rank: 9 },
  { module: 'voicemail', prefix: 'src/main/voicemail/', rank: 9 },
  { module: 'conference', prefix: 'src/main/conference/', rank: 10 },
  { module: 'api', prefix: 'src/main/api/', rank: 11 },
  { module: 'node', prefix: 'src/main/node/', rank: 12 },
  { module: 'ui', prefix: 'src/main/ui/', rank: 13 },
  { module: 'cli', prefix: 'src/main/cli/', rank: 14 },
  { module: 'electron', prefix: 'src/main/electron/', rank: 14 },
  // Files directly in src/main (the error class, small helpers) sit under everything in main.
  { module: 'main-base', prefix: 'src/main/', rank: 1 },
];

// Pairs that rank alone would allow but the design forbids: the SIP stack passes offers and
// answers through handlers and never reads SDP or touches media (STYLE.md, the baresip habit).
export const FORBIDDEN = [
  { from: 'sip', to: ['sdp', 'media'], why: 'the SIP stack passes SDP through handlers and never does media' },
];

export function forbiddenReason(from, to) {
  const rule = FORBIDDEN.find((entry) => from === entry.from || from.startsWith(`${entry.from}/`));
  return rule && rule.to.includes(to) ? rule.why : null;
}

// Runtimes that are not Node: they may import only what is listed here, besides npm packages.
export const ISOLATED = [
  { module: 'renderer', prefix: 'src/renderer/', mayImport: ['src/renderer/', 'src/shared/'], nodeBuiltins: false },
  { module: 'preload', prefix: 'src/preload/', mayImport: ['src/preload/', 'src/shared/'], nodeBuiltins: false },
];

export function layerOf(path) {
  return LAYERS.find((layer) => path.startsWith(layer.prefix)) ?? null;
}

export function isolatedOf(path) {
  if (/\.config\.[cm]?[jt]s$/.test(path)) return null; // build configuration runs in Node, not in the runtime
  return ISOLATED.find((entry) => path.startsWith(entry.prefix)) ?? null;
}
