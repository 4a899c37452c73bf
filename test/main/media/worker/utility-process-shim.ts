// Loaded with --import into a forked media process: gives it Electron's utility-process surface
// (`process.parentPort`, messages as `{ data }`) on top of Node's IPC, so media-process.ts runs
// the path the desktop app uses.
const send = process.send?.bind(process);
Object.defineProperty(process, 'parentPort', {
  value: {
    on: (_event: 'message', listener: (event: { data: unknown }) => void) => void process.on('message', (data: unknown) => listener({ data })),
    postMessage: (message: unknown) => send?.(message),
  },
});
// A utility process has no IPC channel of its own: the entry must not see one.
Object.defineProperty(process, 'send', { value: undefined });
