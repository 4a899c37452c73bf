// A media process that never answers and never ends by itself (not a test file itself), as one
// stuck closing a dead output device: only a kill ends it.
process.on('message', () => undefined);
process.on('disconnect', () => undefined);
setInterval(() => undefined, 1000);
