import { Profile } from '../../profile/profile.js';
import { defaultDataDir } from '../../profile/data-dir.js';
import type { CliOutput } from '../cli-output.js';

/**
 * Prints the profile's address-of-record. Opening the profile only reads it (and creates it
 * on first use); it takes no lock, so it works while `parley serve` runs on the same folder.
 */
export async function whoamiCommand(flags: { data?: string | undefined }, out: CliOutput): Promise<void> {
  const profile = await Profile.open(flags.data ?? defaultDataDir());
  for (const notice of profile.notices) if (notice.level !== 'info') out.warn(notice.message);
  out.event('identity', { uri: profile.uri, displayName: profile.settings.displayName, dataDir: profile.dataDir }, profile.uri);
}
