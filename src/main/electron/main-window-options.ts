/**
 * The options of Parley's one window. The renderer is treated like a web page: no Node, an
 * isolated and sandboxed preload that exposes only the typed API, same-origin rules on, no
 * `<webview>`. (The `remote` module left Electron in v14; nothing here brings it back.)
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export type MainWindowPaths = { readonly preload: string; readonly windowIcon: string };

export function mainWindowOptions(paths: MainWindowPaths): BrowserWindowConstructorOptions {
  return {
    title: 'Parley',
    width: 1040,
    height: 720,
    minWidth: 360,
    minHeight: 480,
    // Shown on 'ready-to-show' so the person never sees an empty white frame.
    show: false,
    backgroundColor: '#1f2430',
    icon: paths.windowIcon,
    autoHideMenuBar: true,
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // An incoming call rings before the user has touched the window (the ringtone plays in the page).
      autoplayPolicy: 'no-user-gesture-required',
      spellcheck: false,
    },
  };
}
