import type { ApiResult, ParleyApi } from '../../shared/api-contract.js';
import type { Snapshot } from './app-state.js';

/** Fetches everything the UI shows, in parallel; the first failure (in command order) is the answer. */
export async function loadSnapshot(api: ParleyApi): Promise<ApiResult<Snapshot>> {
  const [appInfo, profile, network, muted, notices, calls] = await Promise.all([
    api.getAppInfo({}),
    api.getProfile({}),
    api.getNetworkStatus({}),
    api.getMuted({}),
    api.getNotices({}),
    api.listCalls({}),
  ]);
  if (!appInfo.ok) return appInfo;
  if (!profile.ok) return profile;
  if (!network.ok) return network;
  if (!muted.ok) return muted;
  if (!notices.ok) return notices;
  if (!calls.ok) return calls;
  return {
    ok: true,
    value: {
      appInfo: appInfo.value,
      profile: profile.value,
      network: network.value,
      muted: muted.value.muted,
      notices: notices.value,
      calls: calls.value,
    },
  };
}
