/**
 * The loaded site as the registry reads it: config's parsed types (lab-controller/src/config),
 * named here once so the registry's files do not each reach into the schema folder.
 */
import type { Profile, ProfilePoint } from '../config/schema/profile.ts';
import type { Site, SiteDevice } from '../config/schema/site.ts';

export type ProfileInput = Profile;
export type ProfilePointInput = ProfilePoint;
export type SiteInput = Site;
export type SiteDeviceInput = SiteDevice;

export interface Limits {
  min: number;
  max: number;
}

export interface LoadedSiteInput {
  site: Site;
  profiles: ReadonlyMap<string, Profile>;
  siteFile: string;
}
