/**
 * The check engine's rules on stores filled as the lab fills them (the point store, the audit log,
 * the run store): explanations in French with live values, who counts as the apprentice, the time
 * window, `latestAmong`, runs; and the progress store in SQLite.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_SITE } from '../../src/controller/demo.ts';
import { loadSiteOrThrow } from '../../src/controller/site-loading.ts';
import { checkExercise, sameActor, type CheckDeps } from '../../src/curriculum/check-exercise.ts';
import { fillExplanation } from '../../src/curriculum/french.ts';
import { SqliteProgressStore } from '../../src/curriculum/progress-store.ts';
import { exerciseSchema, type Exercise } from '../../src/curriculum/schema.ts';
import { PointStore } from '../../src/registry/point-store.ts';
import { siteFacts } from '../../src/scenario/validate-scenario.ts';
import { MemoryAuditStore } from '../../src/storage/audit-store.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { MemoryRunStore } from '../../src/storage/run-store.ts';
import { removeDir, tempDir } from '../support/harness.ts';

const facts = siteFacts(loadSiteOrThrow(DEMO_SITE));
const NOW = 1_700_000_000_000;
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function exercise(check: unknown[]): Exercise {
  return exerciseSchema.parse({
    id: 'x',
    title: { fr: 'x', en: 'x' },
    instructions: 'x',
    check,
    solution: 'true',
  });
}

function deps(levels: Record<string, number | null>, extra: Partial<CheckDeps> = {}): CheckDeps {
  const store = new PointStore();
  store.declare(Object.keys(levels), NOW);
  store.apply(
    Object.entries(levels)
      .filter(([, v]) => v !== null)
      .map(([id, value]) => ({ id, value, quality: 'good' as const, ts: NOW })),
  );
  return {
    registry: { store },
    audit: new MemoryAuditStore(),
    apprentice: 'camille',
    siteFacts: facts,
    now: () => NOW,
    ...extra,
  };
}

function audited(
  audit: MemoryAuditStore,
  who: string,
  point: string,
  value: unknown,
  agoMs: number,
  ok = true,
): void {
  audit.append({
    ts: NOW - agoMs,
    who,
    point,
    device: 'street',
    oldValue: null,
    newValue: value,
    ok,
    error: ok ? null : { code: 'OUT_OF_RANGE', message: 'refusée' },
    commands: [],
  });
}

describe('point conditions', () => {
  const lamp = exercise([
    {
      that: 'abs(street.lamp03.level - 40) <= 2',
      explain: "Le luminaire lamp03 est à {street.lamp03.level} % ; l'exercice demande 40 %.",
    },
  ]);

  it('explains a failed condition in French with the live value', () => {
    const result = checkExercise(lamp, deps({ 'street.lamp03.level': 100 }));
    expect(result.passed).toBe(false);
    expect(result.results[0]).toMatchObject({
      passed: false,
      explanation: "Le luminaire lamp03 est à 100 % ; l'exercice demande 40 %.",
      observed: { 'street.lamp03.level': 100 },
    });
  });

  it('passes with no explanation when the condition holds', () => {
    const result = checkExercise(lamp, deps({ 'street.lamp03.level': 40.6 }));
    expect(result).toMatchObject({ passed: true, results: [{ passed: true, explanation: null }] });
  });

  it('says the point has no value when its device is offline, instead of a wrong explanation', () => {
    const result = checkExercise(lamp, deps({ 'street.lamp03.level': null }));
    expect(result.results[0]!.explanation).toBe(
      "Le point street.lamp03.level n'a pas de valeur utilisable (qualité offline) : vérifiez que l'équipement est en ligne, puis relancez la vérification.",
    );
  });

  it('writes values the French way', () => {
    expect(fillExplanation('{a} {b} {c} {inconnu}', { a: 40.55, b: true, c: null })).toBe(
      '40,6 vrai sans valeur {inconnu}',
    );
  });
});

describe('audit conditions', () => {
  const group = exercise([
    {
      audit: { point: 'street.group1.level', value: 40, within: '10m' },
      explain: 'Pas de commande de groupe par {apprentice}.',
    },
  ]);

  it("counts the apprentice's writes from any tool, not someone else's", () => {
    expect(sameActor('cli:camille', 'camille')).toBe(true);
    expect(sameActor('ui:camille', 'camille')).toBe(true);
    expect(sameActor('cli:camillette', 'camille')).toBe(false);
    const audit = new MemoryAuditStore();
    audited(audit, 'cli:dominique', 'street.group1.level', 40, 1000);
    expect(checkExercise(group, deps({}, { audit })).results[0]).toMatchObject({
      passed: false,
      explanation: 'Pas de commande de groupe par camille.',
      detail: 'aucune écriture de camille sur street.group1.level depuis 10 min',
    });
    audited(audit, 'cli:camille', 'street.group1.level', 40, 1000);
    expect(checkExercise(group, deps({}, { audit })).passed).toBe(true);
  });

  it('ignores writes older than the window and writes of another value', () => {
    const audit = new MemoryAuditStore();
    audited(audit, 'cli:camille', 'street.group1.level', 40, 11 * 60_000);
    audited(audit, 'cli:camille', 'street.group1.level', 45, 1000);
    expect(checkExercise(group, deps({}, { audit })).results[0]!.detail).toBe(
      'écritures de camille sur street.group1.level depuis 10 min : street.group1.level = 45',
    );
  });

  it('with latestAmong, needs the write to be the last one on those points', () => {
    const scene = exercise([
      {
        audit: { point: 'street.group2.scene', value: 5, latestAmong: 'street.group2.*' },
        explain: 'La scène 5 doit être la dernière commande.',
      },
    ]);
    const audit = new MemoryAuditStore();
    audited(audit, 'cli:camille', 'street.group2.scene', 5, 2000);
    expect(checkExercise(scene, deps({}, { audit })).passed).toBe(true);
    audited(audit, 'cli:camille', 'street.group2.level', 25, 1000);
    expect(checkExercise(scene, deps({}, { audit })).results[0]!.detail).toBe(
      'la dernière écriture réussie sur street.group2.* depuis 10 min est street.group2.level = 25 par cli:camille',
    );
  });

  it('finds refused writes when asked for ok: false', () => {
    const refused = exercise([
      { audit: { point: 'street.lamp*.level', ok: false }, explain: 'Aucune écriture refusée.' },
    ]);
    const audit = new MemoryAuditStore();
    audited(audit, 'cli:camille', 'street.lamp03.level', 50, 1000);
    expect(checkExercise(refused, deps({}, { audit })).passed).toBe(false);
    audited(audit, 'cli:camille', 'street.lamp03.level', 120, 500, false);
    expect(checkExercise(refused, deps({}, { audit })).passed).toBe(true);
  });
});

describe('run conditions', () => {
  const ran = exercise([{ run: { scenario: 'veille-rue', within: '1h' }, explain: 'Aucun run réussi.' }]);
  const record = (who: string, outcome: 'passed' | 'failed', agoMs: number) => ({
    id: `${who}-${agoMs}`,
    scenarioId: 'veille-rue',
    site: 'demo',
    who,
    startedAt: NOW - agoMs,
    endedAt: NOW,
    outcome,
    reason: outcome === 'failed' ? 'bornes-a-20 still false' : null,
    verdicts: [],
    timeline: [],
  });

  it('needs a run of that scenario by the apprentice with the outcome, within the window', () => {
    const runs = new MemoryRunStore();
    runs.begin(record('cli:camille', 'failed', 60_000));
    runs.begin(record('cli:dominique', 'passed', 60_000));
    runs.begin(record('cli:camille', 'passed', 2 * 3_600_000));
    expect(checkExercise(ran, deps({}, { runs })).results[0]!.detail).toBe(
      'dernier run de veille-rue par camille : failed (bornes-a-20 still false)',
    );
    runs.begin(record('cli:camille', 'passed', 1000));
    expect(checkExercise(ran, deps({}, { runs })).passed).toBe(true);
  });

  it('fails with a reason when this data folder records no runs', () => {
    expect(checkExercise(ran, deps({})).results[0]!.detail).toBe(
      'les runs de scénario ne sont pas enregistrés dans ce dossier de données',
    );
  });
});

describe('progress store', () => {
  it('counts attempts and keeps the first pass even after a later failure', () => {
    const dir = tempDir('phare-progress-');
    dirs.push(dir);
    const db = openDatabase(dir);
    try {
      const store = new SqliteProgressStore(db);
      const key = { apprentice: 'camille', module: 'dali', exercise: 'groupe-nord' };
      store.recordAttempt({ ...key, passed: false, at: 1000 });
      store.recordAttempt({ ...key, passed: true, at: 2000 });
      expect(store.recordAttempt({ ...key, passed: false, at: 3000 })).toEqual({
        ...key,
        attempts: 3,
        lastAttemptAt: 3000,
        lastPassed: false,
        passedAt: 2000,
      });
      store.recordAttempt({
        apprentice: 'dominique',
        module: 'dali',
        exercise: 'groupe-nord',
        passed: true,
        at: 4000,
      });
      expect(store.list('camille')).toHaveLength(1);
      expect(new SqliteProgressStore(db).list().map((r) => r.apprentice)).toEqual(['camille', 'dominique']);
    } finally {
      db.close();
    }
  });
});
