import type { AppInfo } from '../../shared/api-contract.js';

export function AppFooter({ appInfo }: { appInfo: AppInfo | null }) {
  return (
    <footer className="app-footer">
      {appInfo ? (
        <>
          <span>
            Parley {appInfo.version} · API v{appInfo.apiVersion} ·{' '}
            {appInfo.shell === 'electron' ? 'desktop app' : 'served by parley serve'}
          </span>
          <span className="app-footer-data" title={appInfo.dataDir}>
            Data: {appInfo.dataDir}
          </span>
        </>
      ) : (
        <span aria-hidden="true">&nbsp;</span>
      )}
    </footer>
  );
}
