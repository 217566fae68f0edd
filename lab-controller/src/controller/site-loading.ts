/**
 * Loads a site with its profiles (config's loadSite) or fails with one ConfigInvalid that lists
 * every problem as file:line:column, so the daemon and the CLI print the same message.
 */
import { ConfigInvalid } from '@phare/device-drivers/errors.ts';
import { loadSite } from '../config/load-site.ts';
import { formatProblem } from '../config/problem.ts';
import type { LoadedSiteInput } from '../registry/site-input.ts';

export function loadSiteOrThrow(sitePath: string, profilesDir?: string): LoadedSiteInput {
  const result = loadSite(sitePath, profilesDir ? { profilesDir } : {});
  if (result.ok) return result.value;
  const n = result.problems.length;
  throw new ConfigInvalid(
    `${sitePath}: ${n} problem${n === 1 ? '' : 's'} in the site or its profiles:\n` +
      result.problems.map(formatProblem).join('\n'),
    { detail: { problems: result.problems } },
  );
}
