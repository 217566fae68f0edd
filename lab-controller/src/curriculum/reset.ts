/**
 * The trainer puts the lab back in a module's starting state: the module's `start` writes, in one
 * request through the one write path (limits checked, nothing sent if one is refused, every write
 * audited as `trainer:<name>`), so the audit log shows who reset the lab and when.
 */
import type { WriteManyResultBody } from '../api/wire.ts';
import type { WritePath } from '../registry/write-path.ts';
import type { CurriculumModule } from './schema.ts';

export interface ResetDeps {
  writePath: Pick<WritePath, 'writeMany'>;
  /** The trainer's name (`alice`), recorded as `trainer:alice`. */
  trainer: string;
}

export function trainerActor(name: string): string {
  return name.startsWith('trainer:') ? name : `trainer:${name}`;
}

/** Applies `module.start`; throws WriteRefused (write-path.ts) if a write is refused or fails. */
export async function resetToModuleStart(
  module: Pick<CurriculumModule, 'start'>,
  deps: ResetDeps,
): Promise<WriteManyResultBody> {
  if (module.start.length === 0) return { results: [], commands: [] };
  return deps.writePath.writeMany(
    module.start.map((w) => ({ point: w.point, value: w.value })),
    trainerActor(deps.trainer),
  );
}
