/**
 * The learning space through real HTTP: a controller on an ephemeral port driving the street's
 * DALI gateway simulator (the devices of module 03), apprentices named as on a local bench (the
 * x-phare-apprentice header). List, lesson, hints, a failing check with its French explanation,
 * the exercise done through the API as the apprentice, a passing check, reservations between two
 * apprentices, the trainer's class view and reset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult, PointSnapshot } from '../../src/api/wire.ts';
import type { Controller } from '../../src/controller/start-controller.ts';
import { DEMO_SITE } from '../../src/controller/demo.ts';
import { loadSiteOrThrow } from '../../src/controller/site-loading.ts';
import { startSimulators, type RunningSimulators } from '../../src/controller/simulators.ts';
import { renderMarkdown } from '../../src/curriculum/lesson-html.ts';
import {
  APPRENTICE_HEADER,
  type LearnCheckResult,
  type LearnClassView,
  type LearnHint,
  type LearnModuleDetail,
  type LearnModuleSummary,
  type LearnReservation,
  type LearnResetResult,
} from '../../src/curriculum/learn-wire.ts';
import type { LoadedSiteInput } from '../../src/registry/site-input.ts';
import { CSRF_HEADER, type SessionView } from '../../src/auth/session-wire.ts';
import { dataOf, eventually, removeDir, startTestController, tempDir } from '../support/harness.ts';

interface Answer<T> {
  status: number;
  body: ApiResult<T>;
}

let sims: RunningSimulators;
let controller: Controller;
let dataDir: string;
let api: string;

/** The demo site with only the street's DALI gateway: what module 03 uses. */
function streetOnly(loaded: LoadedSiteInput): LoadedSiteInput {
  return {
    ...loaded,
    site: { ...loaded.site, devices: loaded.site.devices.filter((d) => d.id === 'street'), vigilance: [] },
  };
}

async function call<T>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  apprentice: string | null,
  body?: unknown,
): Promise<Answer<T>> {
  const headers: Record<string, string> = {};
  if (apprentice !== null) headers[APPRENTICE_HEADER] = encodeURIComponent(apprentice);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${api}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as ApiResult<T> };
}

const level = async (id: string): Promise<number | null> => {
  const p = dataOf(await call<PointSnapshot>('GET', `/points/${id}`, null));
  return p.state.quality === 'good' && typeof p.state.value === 'number' ? p.state.value : null;
};

beforeAll(async () => {
  dataDir = tempDir('phare-learn-api-');
  sims = await startSimulators(streetOnly(loadSiteOrThrow(DEMO_SITE)), { ephemeralPorts: true });
  controller = await startTestController(sims, dataDir);
  api = `${controller.url}/api`;
  await eventually(
    async () => ((await level('street.lamp01.level')) !== null ? true : undefined),
    20_000,
    'lamp01 live',
  );
}, 60_000);

afterAll(async () => {
  await controller?.stop();
  await sims?.stop();
  if (dataDir) removeDir(dataDir);
});

describe('learning space API', () => {
  it('lists the modules with French and English titles, duration, devices and no progress yet', async () => {
    const modules = dataOf(await call<LearnModuleSummary[]>('GET', '/learn/modules', 'camille'));
    expect(modules.map((m) => m.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const dali = modules.find((m) => m.id === 'dali')!;
    expect(dali.title.fr).toMatch(/^DALI : adresses, groupes/);
    expect(dali.title.en).toMatch(/^DALI: addresses/);
    expect(dali.durationMin).toBe(120);
    expect(dali.devices).toEqual(['street']);
    expect(dali.exercises.map((e) => e.id)).toEqual(['groupe-nord', 'scene-soiree']);
    expect(dali.exercises.every((e) => e.progress === null)).toBe(true);
  });

  it('serves the lesson as HTML with its table and commands, and the exercises without their hints', async () => {
    const dali = dataOf(await call<LearnModuleDetail>('GET', '/learn/modules/03', 'camille'));
    expect(dali.id).toBe('dali');
    expect(dali.lessonHtml).toContain('<h2>Module 3 — DALI : adresses, groupes et scènes</h2>');
    expect(dali.lessonHtml).toContain('<th scope="col">Groupe</th>');
    expect(dali.lessonHtml).toContain(
      '<pre><code class="language-sh">npx phare write street.group3.level 60',
    );
    expect(dali.lessonHtml).toContain('<code>street.group1.level</code>');
    expect(dali.lessonHtml).toContain(
      '<pre><code class="language-sh">npx phare learn check dali groupe-nord',
    );
    expect(dali.points).toContain('street.group1.level');
    const exercise = dali.exercises.find((e) => e.id === 'groupe-nord')!;
    expect(exercise.instructionsHtml).toContain('<strong>groupe DALI 1</strong>');
    expect(exercise.hintCount).toBe(3);
    expect(exercise.reserves).toEqual(['street']);
    expect(JSON.stringify(dali)).not.toContain('npx phare write street.group1.level 40');
  });

  it('reveals hints one by one and says when there is no such hint', async () => {
    const first = dataOf(
      await call<LearnHint>('GET', '/learn/modules/dali/exercises/groupe-nord/hints/1', 'camille'),
    );
    expect(first).toMatchObject({ n: 1, count: 3 });
    expect(first.text).toMatch(/groupe/);
    const second = dataOf(
      await call<LearnHint>('GET', '/learn/modules/dali/exercises/groupe-nord/hints/2', 'camille'),
    );
    expect(second.text).toContain('street.group1.level 40');
    const none = await call<LearnHint>('GET', '/learn/modules/dali/exercises/groupe-nord/hints/4', 'camille');
    expect(none.status).toBe(404);
    const unknown = await call<LearnHint>(
      'GET',
      '/learn/modules/dali/exercises/groupe-sud/hints/1',
      'camille',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.ok ? '' : unknown.body.error.message).toContain('groupe-nord');
  });

  it('fails the check from the starting state and explains in French what is missing', async () => {
    const reset = dataOf(await call<LearnResetResult>('POST', '/learn/modules/dali/reset', 'formatrice'));
    expect(reset.writes.map((w) => w.point)).toEqual(['street.all.level']);
    await eventually(
      async () => ((await level('street.lamp05.level')) === 100 ? true : undefined),
      20_000,
      'full level',
    );

    const check = await call<LearnCheckResult>(
      'POST',
      '/learn/modules/dali/exercises/groupe-nord/check',
      'camille',
    );
    expect(check.status).toBe(200);
    const result = dataOf(check);
    expect(result).toMatchObject({
      module: 'dali',
      exercise: 'groupe-nord',
      apprentice: 'camille',
      passed: false,
    });
    const missing = result.conditions.filter((c) => !c.passed);
    expect(missing.map((c) => c.kind)).toEqual(['that', 'audit']);
    expect(missing[0]!.explanation).toBe(
      "Le côté nord n'est pas à 40 % : lamp01 100 %, lamp02 100 %, lamp03 100 %, lamp04 100 %, lamp05 100 %.",
    );
    expect(missing[1]!.explanation).toContain('signée camille');
    expect(result.conditions.find((c) => c.passed)!.summary).toContain('street.lamp06.level >= 95');
    expect(result.progress).toMatchObject({ attempts: 1, lastPassed: false, passedAt: null });
  });

  it('passes once the apprentice has sent the group command through the API, and records it', async () => {
    const written = await call<{ results: { point: string; auditId: number }[] }>(
      'POST',
      '/learn/modules/dali/writes',
      'camille',
      [{ point: 'street.group1.level', value: 40 }],
    );
    expect(written.status).toBe(200);
    const audit = dataOf(
      await call<{ who: string; point: string }[]>('GET', '/audit?point=street.group1.level', null),
    );
    expect(audit[0]).toMatchObject({ who: 'ui:camille', point: 'street.group1.level' });

    // The DALI fade takes 2 s in the simulator: check again until the lamps arrive.
    const passed = await eventually(
      async () => {
        const r = dataOf(
          await call<LearnCheckResult>('POST', '/learn/modules/dali/exercises/groupe-nord/check', 'camille'),
        );
        return r.passed ? r : undefined;
      },
      30_000,
      'groupe-nord to pass',
    );
    expect(passed.conditions.every((c) => c.passed && c.explanation === null)).toBe(true);
    expect(passed.progress.passedAt).toBeGreaterThan(0);
    expect(passed.progress.attempts).toBeGreaterThanOrEqual(2);

    const modules = dataOf(await call<LearnModuleSummary[]>('GET', '/learn/modules', 'camille'));
    const progress = modules
      .find((m) => m.id === 'dali')!
      .exercises.find((e) => e.id === 'groupe-nord')!.progress;
    expect(progress?.passedAt).toBe(passed.progress.passedAt);
    // Another apprentice's list is still blank, and the check is theirs only.
    const lea = dataOf(await call<LearnModuleSummary[]>('GET', '/learn/modules', 'Léa'));
    expect(lea.find((m) => m.id === 'dali')!.exercises[0]!.progress).toBeNull();
    const leaCheck = dataOf(
      await call<LearnCheckResult>('POST', '/learn/modules/dali/exercises/groupe-nord/check', 'Léa'),
    );
    expect(leaCheck.passed).toBe(false);
    expect(leaCheck.conditions.find((c) => c.kind === 'audit')!.explanation).toContain('signée Léa');
  });

  it('refuses lesson-page writes outside the module and requests without an apprentice', async () => {
    const outside = await call('POST', '/learn/modules/dali/writes', 'camille', [
      { point: 'park.bollard1.level', value: 10 },
    ]);
    expect(outside.status).toBe(404);
    const anonymous = await call('POST', '/learn/modules/dali/exercises/groupe-nord/check', null);
    expect(anonymous.status).toBe(400);
    expect(anonymous.body.ok ? '' : anonymous.body.error.message).toContain(APPRENTICE_HEADER);
  });

  it("reserves the module's devices for one apprentice: the other gets 409 naming the holder", async () => {
    const mine = await call<LearnReservation>('POST', '/learn/modules/dali/reservation', 'camille', {
      exercise: 'groupe-nord',
      ttlMin: 45,
    });
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    const held = dataOf(mine);
    expect(held.mine).toBe(true);
    expect(held.devices[0]).toMatchObject({
      device: 'street',
      holder: { kind: 'apprentice', id: 'camille' },
    });
    expect(held.devices[0]!.expiresAt! - held.devices[0]!.since!).toBe(45 * 60_000);

    const clash = await call<LearnReservation>('POST', '/learn/modules/dali/reservation', 'Léa', {});
    expect(clash.status).toBe(409);
    expect(clash.body.ok ? '' : clash.body.error.message).toMatch(/street.*camille/);
    const seen = dataOf(await call<LearnReservation>('GET', '/learn/modules/dali/reservation', 'Léa'));
    expect(seen).toMatchObject({
      mine: false,
      devices: [{ device: 'street', holder: { label: 'apprenti camille' } }],
    });

    expect((await call('DELETE', '/learn/modules/dali/reservation', 'camille')).status).toBe(200);
    const lea = dataOf(await call<LearnReservation>('POST', '/learn/modules/dali/reservation', 'Léa', {}));
    expect(lea.mine).toBe(true);
    dataOf(await call('DELETE', '/learn/modules/dali/reservation', 'Léa'));
  });

  it("shows the trainer every apprentice's progress per module and exercise", async () => {
    const view = dataOf(await call<LearnClassView>('GET', '/learn/class', null));
    expect(view.modules.find((m) => m.id === 'dali')!.exercises.map((e) => e.id)).toEqual([
      'groupe-nord',
      'scene-soiree',
    ]);
    expect(view.apprentices.map((a) => a.name)).toEqual(['camille', 'Léa']);
    expect(view.apprentices[0]!.progress['dali/groupe-nord']!.passedAt).toBeGreaterThan(0);
    expect(view.apprentices[1]!.progress['dali/groupe-nord']).toMatchObject({ attempts: 1, passedAt: null });
  });
});

describe('learning space API with accounts', () => {
  /** Signs in and returns headers that carry the session like a browser (cookie and CSRF token). */
  async function signIn(name: string, password: string): Promise<Record<string, string>> {
    const res = await fetch(`${api}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, password }),
    });
    const body = (await res.json()) as ApiResult<SessionView>;
    if (!body.ok) throw new Error(`sign-in of ${name}: ${res.status} ${body.error.message}`);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ');
    return { cookie, [CSRF_HEADER]: body.data.csrfToken! };
  }

  async function as<T>(
    session: Record<string, string>,
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const res = await fetch(`${api}${path}`, {
      method,
      headers: {
        ...session,
        ...extra,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as ApiResult<T> };
  }

  it('checks the signed-in apprentice, who writes a device only once she has reserved it', async () => {
    await controller.accounts.add('noemie', 'apprentice', 'lampadaire-nord-2024');
    await controller.accounts.add('formatrice', 'staff', 'passerelle-dali-2024');
    const noemie = await signIn('noemie', 'lampadaire-nord-2024');

    // The account is the apprentice: a name in the bench header changes nothing.
    const check = dataOf(
      await as<LearnCheckResult>(
        noemie,
        'POST',
        '/learn/modules/dali/exercises/groupe-nord/check',
        {},
        {
          [APPRENTICE_HEADER]: 'camille',
        },
      ),
    );
    expect(check.apprentice).toBe('noemie');
    expect(check.progress.attempts).toBe(1);

    const before = await as(noemie, 'POST', '/writes', [{ point: 'street.group2.level', value: 60 }]);
    expect(before.status).toBe(403);
    expect(before.body.ok ? '' : before.body.error.message).toContain('street');
    const refused = await as(noemie, 'POST', '/learn/modules/dali/writes', [
      { point: 'street.group2.level', value: 60 },
    ]);
    expect(refused.status).toBe(403);

    expect(
      dataOf(await as<LearnReservation>(noemie, 'POST', '/learn/modules/dali/reservation', {})).mine,
    ).toBe(true);
    const written = await as(noemie, 'POST', '/learn/modules/dali/writes', [
      { point: 'street.group2.level', value: 60 },
    ]);
    expect(written.status, JSON.stringify(written.body)).toBe(200);
    // The audit log is for staff: the trainer sees the write signed by the apprentice.
    const trainer = await signIn('formatrice', 'passerelle-dali-2024');
    const audit = dataOf(await as<{ who: string }[]>(trainer, 'GET', '/audit?point=street.group2.level'));
    expect(audit[0]!.who).toBe('ui:noemie');
    expect((await as(noemie, 'DELETE', '/learn/modules/dali/reservation')).status).toBe(200);
  });

  it('opens the class view and the reset to staff only once accounts exist', async () => {
    const noemie = await signIn('noemie', 'lampadaire-nord-2024');
    expect((await as(noemie, 'GET', '/learn/class')).status).toBe(403);
    expect((await as(noemie, 'POST', '/learn/modules/dali/reset', {})).status).toBe(403);
    expect((await call('GET', '/learn/class', null)).status).toBe(401);
    const trainer = await signIn('formatrice', 'passerelle-dali-2024');
    const view = dataOf(await as<LearnClassView>(trainer, 'GET', '/learn/class'));
    expect(view.apprentices.map((a) => a.name)).toContain('noemie');
    const reset = dataOf(await as<LearnResetResult>(trainer, 'POST', '/learn/modules/dali/reset', {}));
    expect(reset.trainer).toBe('trainer:formatrice');
  });
});

describe('lesson HTML', () => {
  it('escapes markup and drops unsafe link targets', () => {
    const html = renderMarkdown(
      '# Titre <img src=x onerror=alert(1)>\n\nUn [lien](javascript:alert(1)) et [un autre](https://example.org/a?b=1&c=2), `<b>` et **gras**.\n\n<script>alert(1)</script>',
    );
    expect(html).toContain('<h1>Titre &lt;img src=x onerror=alert(1)&gt;</h1>');
    expect(html).toContain(
      'Un lien et <a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer" target="_blank">un autre</a>',
    );
    expect(html).toContain('<code>&lt;b&gt;</code>');
    expect(html).toContain('<strong>gras</strong>');
    expect(html).toContain('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(html).not.toMatch(/<(script|img)/);
  });

  it('renders numbered lists with continuation lines and nested bullets', () => {
    const html = renderMarkdown(
      '1. réglez le groupe\n   à **25 %** ;\n2. enregistrez\n   - scène 5\n3. rappelez',
    );
    expect(html).toBe(
      '<ol><li>réglez le groupe à <strong>25 %</strong> ;</li><li>enregistrez<ul><li>scène 5</li></ul></li><li>rappelez</li></ol>',
    );
  });
});
