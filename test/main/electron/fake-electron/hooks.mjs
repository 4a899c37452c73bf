// Module hooks for electron-main.test.ts: 'electron' (whose binary is not installed here) and the
// core (which would start a real DHT node) resolve to the fakes beside this file.
const fakeElectron = new URL('./electron.ts', import.meta.url).href;
const fakeParleyNode = new URL('./parley-node.ts', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: fakeElectron, shortCircuit: true };
  if (specifier === '../node/parley-node.js' && context.parentURL?.includes('/src/main/electron/')) {
    return { url: fakeParleyNode, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}
