/**
 * Lets components that show a QR code be rendered in these Node tests. The renderer's
 * `import { toDataURL } from 'qrcode'` is the browser build's API, typed by a declaration file
 * that the renderer's tsconfig maps `qrcode` to; under tsx that mapping leads to the declaration
 * file (an empty module), and the package's Node build is CommonJS without named exports, so
 * neither loads here. A static render never runs the effect that draws the code anyway. Import
 * this module before importRenderer: `qrcode` then resolves to a stub.
 */
import { register } from 'node:module';

const STUB = 'data:text/javascript,export const toDataURL = async () => "data:image/png;base64,";';

const HOOKS = `export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'qrcode' || specifier.endsWith('/types/qrcode-browser.d.ts')) return { url: ${JSON.stringify(STUB)}, shortCircuit: true };
  return nextResolve(specifier, context);
}`;

register(`data:text/javascript,${encodeURIComponent(HOOKS)}`);
