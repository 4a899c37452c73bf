/**
 * A stand-in for the 'electron' module, just big enough for the composition root: every object
 * records what was done to it so electron-main.test.ts can check the wiring under plain Node.
 */
import { EventEmitter } from 'node:events';

export type Preventable = { preventDefault(): void; defaultPrevented: boolean };

export function preventable(): Preventable {
  const event = {
    defaultPrevented: false,
    preventDefault: () => {
      event.defaultPrevented = true;
    },
  };
  return event;
}

class FakeApp extends EventEmitter {
  appPath = '/nonexistent/app';
  lockGranted = true;
  readonly paths = new Map<string, string>();
  readonly protocolClients: unknown[][] = [];
  readonly log: string[] = [];
  exitCode: number | undefined;
  #ready!: () => void;
  #whenReady = new Promise<void>((resolve) => (this.#ready = resolve));

  reset(): void {
    this.removeAllListeners();
    this.appPath = '/nonexistent/app';
    this.lockGranted = true;
    this.paths.clear();
    this.protocolClients.length = 0;
    this.log.length = 0;
    this.exitCode = undefined;
    this.#whenReady = new Promise<void>((resolve) => (this.#ready = resolve));
  }
  becomeReady(): void {
    this.#ready();
  }
  getAppPath(): string {
    return this.appPath;
  }
  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  }
  requestSingleInstanceLock(): boolean {
    this.log.push('requestSingleInstanceLock');
    return this.lockGranted;
  }
  setAppUserModelId(id: string): void {
    this.log.push(`setAppUserModelId ${id}`);
  }
  setAsDefaultProtocolClient(...args: unknown[]): boolean {
    this.protocolClients.push(args);
    return true;
  }
  whenReady(): Promise<void> {
    return this.#whenReady;
  }
  /** Like Electron: 'before-quit' may be prevented; otherwise the app quits. */
  quit(): void {
    this.log.push('quit');
    const event = preventable();
    this.emit('before-quit', event);
    if (!event.defaultPrevented) this.log.push('quitted');
  }
  exit(code = 0): void {
    this.log.push(`exit ${code}`);
    this.exitCode = code;
  }
}

class FakeWebContents extends EventEmitter {
  readonly sent: unknown[][] = [];
  url = '';
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
  isDestroyed(): boolean {
    return false;
  }
  getURL(): string {
    return this.url;
  }
  windowOpenHandler: ((details: { url: string }) => unknown) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => unknown): void {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly created: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly log: string[] = [];
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.created.push(this);
  }
  loadFile(filePath: string): Promise<void> {
    this.log.push(`loadFile ${filePath}`);
    this.webContents.url = `file://${filePath}`;
    return Promise.resolve();
  }
  show(): void {
    this.log.push('show');
  }
  focus(): void {
    this.log.push('focus');
  }
  restore(): void {
    this.log.push('restore');
  }
  isMinimized(): boolean {
    return false;
  }
  isDestroyed(): boolean {
    return false;
  }
}

export class Tray extends EventEmitter {
  static readonly created: Tray[] = [];
  menu: unknown;
  toolTip = '';
  destroyed = false;
  constructor(readonly iconPath: string) {
    super();
    Tray.created.push(this);
  }
  setToolTip(toolTip: string): void {
    this.toolTip = toolTip;
  }
  setContextMenu(menu: unknown): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export const Menu = { buildFromTemplate: (template: unknown[]) => template };

type InvokeHandler = (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => Promise<unknown>;
class FakeIpcMain {
  readonly handlers = new Map<string, InvokeHandler>();
  handle(channel: string, handler: InvokeHandler): void {
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

type HeadersListener = (
  details: { responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string | string[]> }) => void,
) => void;
type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: object) => void;
type PermissionCheckHandler = (contents: unknown, permission: string, origin: string, details: object) => boolean;

class FakeSession {
  headersListener: HeadersListener | undefined;
  permissionRequestHandler: PermissionRequestHandler | undefined;
  permissionCheckHandler: PermissionCheckHandler | undefined;
  readonly webRequest = { onHeadersReceived: (listener: HeadersListener) => (this.headersListener = listener) };
  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler): void {
    this.permissionCheckHandler = handler;
  }
}

export const app = new FakeApp();
export const ipcMain = new FakeIpcMain();
export const session = { defaultSession: new FakeSession() };
export const dialog = {
  shown: [] as Array<{ title: string; content: string }>,
  showErrorBox(title: string, content: string): void {
    dialog.shown.push({ title, content });
  },
};
export const shell = {
  opened: [] as string[],
  openExternal(url: string): Promise<void> {
    shell.opened.push(url);
    return Promise.resolve();
  },
};

/** Records the media processes the app would start; none really starts here. */
export const utilityProcess = {
  forked: [] as Array<{ modulePath: string; options: unknown }>,
  fork(modulePath: string, _args: string[] = [], options: unknown = {}): { pid: number; postMessage(): void; on(): void; kill(): boolean } {
    utilityProcess.forked.push({ modulePath, options });
    return { pid: 4242, postMessage: () => undefined, on: () => undefined, kill: () => true };
  },
};

export { FakeWebContents };

/** Forgets everything, before the composition root is imported again. */
export function resetFakeElectron(): void {
  app.reset();
  BrowserWindow.created.length = 0;
  Tray.created.length = 0;
  ipcMain.handlers.clear();
  session.defaultSession = new FakeSession();
  dialog.shown.length = 0;
  shell.opened.length = 0;
  utilityProcess.forked.length = 0;
}
