/**
 * The scenario library: scenarios/<workstream>/<id>.yaml at the repository root. `phare scenario
 * list` shows it; `phare scenario run ID` finds a file by its scenario id.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Localized } from '../api/wire.ts';
import { repoRoot } from '../config/paths.ts';
import { formatProblem } from '../config/problem.ts';
import { loadScenario } from './load-scenario.ts';
import { nearest } from '../config/suggest.ts';

export const defaultScenariosDir: string = resolve(repoRoot, 'scenarios');

export interface LibraryEntry {
  file: string;
  id: string;
  ok: boolean;
  title?: Localized;
  workstreams?: string[];
  expectedDurationS?: number;
  /** Problems of an invalid file, as file:line:column lines. */
  problems?: string[];
}

/** Every `<workstream>/<id>.yaml` under the library folder, sorted by path. */
export function listScenarioFiles(dir = defaultScenariosDir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'node_modules' && d.name !== 'src')
    .flatMap((d) =>
      readdirSync(join(dir, d.name))
        .filter((name) => name.endsWith('.yaml'))
        .map((name) => join(dir, d.name, name)),
    )
    .sort();
}

export function listLibrary(dir = defaultScenariosDir): LibraryEntry[] {
  return listScenarioFiles(dir).map((file) => {
    const loaded = loadScenario(file);
    const fallbackId = file.slice(file.lastIndexOf('/') + 1, -'.yaml'.length);
    if (!loaded.ok) return { file, id: fallbackId, ok: false, problems: loaded.problems.map(formatProblem) };
    const s = loaded.value.scenario;
    return {
      file,
      id: s.id,
      ok: true,
      title: s.title,
      workstreams: s.workstreams,
      expectedDurationS: s.expectedDurationS,
    };
  });
}

/** A file path as given, or the library file whose scenario id is `idOrFile`. */
export function resolveScenario(
  idOrFile: string,
  dir = defaultScenariosDir,
): { ok: true; file: string } | { ok: false; message: string } {
  if (existsSync(idOrFile) && statSync(idOrFile).isFile()) return { ok: true, file: resolve(idOrFile) };
  const library = listLibrary(dir);
  const found = library.find((e) => e.id === idOrFile);
  if (found) return { ok: true, file: found.file };
  const near = nearest(
    idOrFile,
    library.map((e) => e.id),
  );
  return {
    ok: false,
    message:
      `no scenario file or library id "${idOrFile}"` +
      (near ? `; did you mean ${near}?` : `; library ids: ${library.map((e) => e.id).join(', ') || 'none'}`),
  };
}
