/**
 * The one write path (registry/write-path.ts) called directly with Actor values, against
 * simulators through the wire: role, profile limits, rate limit per point, interlocks, then the
 * device and the audit; and the device locks it shares with the scenario engine.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Forbidden, type PhareError } from '@phare/device-drivers/errors.ts';
import type { Actor } from '../../src/auth/roles.ts';
import { valueOrThrow } from '../../src/config/problem.ts';
import { WriteRefused } from '../../src/registry/write-path.ts';
import type { LockHolder } from '../../src/sandbox/device-locks.ts';
import { loadScenario } from '../../src/scenario/load-scenario.ts';
import { SLOW_POINT, SLOW_RATE, startWriteSafetyRig, type WriteSafetyRig } from './rig.ts';

const visitor: Actor = { who: 'api:visitor', role: 'visitor' };
const vendor: Actor = { who: 'api:vince', role: 'vendor', user: 'vince' };
const staff: Actor = { who: 'api:chloe', role: 'staff', user: 'chloe' };
const lea: Actor = { who: 'api:lea', role: 'apprentice', user: 'lea' };
const tom: Actor = { who: 'api:tom', role: 'apprentice', user: 'tom' };
const leaHolds: LockHolder = { kind: 'apprentice', id: 'lea', label: 'apprentie Léa' };

let rig: WriteSafetyRig;
beforeAll(async () => {
  rig = await startWriteSafetyRig();
}, 90_000);
afterAll(async () => {
  await rig?.close();
});

/** The refusal of a write, or a failure if it was accepted. */
async function refusal(write: Promise<unknown>): Promise<{ error: PhareError; auditIds: number[] }> {
  try {
    await write;
  } catch (error) {
    if (error instanceof WriteRefused) return { error: error.error, auditIds: error.auditIds };
    throw error;
  }
  throw new Error('the write was accepted');
}

function auditEntry(id: number) {
  const entry = rigAudit().find((e) => e.id === id);
  if (!entry) throw new Error(`no audit entry ${id}`);
  return entry;
}

function rigAudit() {
  return rig.controller.recorder!.recent(500);
}

describe('roles', () => {
  it('refuses visitors and vendors before anything else, and audits each refusal with its reason', async () => {
    for (const actor of [visitor, vendor]) {
      const { error, auditIds } = await refusal(
        rig.controller.writePath.write('school.zone4.setpoint', 19, actor),
      );
      expect(error).toBeInstanceOf(Forbidden);
      expect(error.message).toBe(
        `${actor.who} (role ${actor.role}) may not write site points: school.zone4.setpoint refused`,
      );
      expect(auditEntry(auditIds[0]!)).toMatchObject({
        who: actor.who,
        point: 'school.zone4.setpoint',
        newValue: 19,
        ok: false,
        error: { code: 'FORBIDDEN', message: error.message },
        commands: [],
      });
    }
    // Role comes first: even a point that does not exist is refused for the role, not looked up.
    const unknown = await refusal(rig.controller.writePath.write('school.nowhere', 1, visitor));
    expect(unknown.error.code).toBe('FORBIDDEN');
  });

  it('lets an apprentice write only the devices held for them, while staff are not locked out', async () => {
    const { writePath, locks } = rig.controller;
    const notReserved = await refusal(writePath.write('school.zone4.setpoint', 19.5, lea));
    expect(notReserved.error.message).toBe(
      'api:lea (apprentice) may not write school.zone4.setpoint: device school is not reserved for you; ask your trainer to reserve it',
    );

    locks.hold(['school'], leaHolds, { ttlMs: 600_000 });
    try {
      const done = await writePath.write('school.zone4.setpoint', 19.5, lea);
      expect(auditEntry(done.auditId)).toMatchObject({ who: 'api:lea', ok: true, newValue: 19.5 });
      await rig.until('school.zone4.setpoint', 19.5);

      const otherDevice = await refusal(writePath.write('street.lamp01.level', 40, lea));
      expect(otherDevice.error.message).toMatch(/device street is not reserved for you/);
      const otherApprentice = await refusal(writePath.write('school.zone4.setpoint', 18, tom));
      expect(otherApprentice.error.message).toBe(
        'api:tom (apprentice) may not write school.zone4.setpoint: device school is held by apprentie Léa',
      );
      expect(auditEntry(otherApprentice.auditIds[0]!)).toMatchObject({
        who: 'api:tom',
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
      // A trainer's write goes through (and is audited) while the apprentice holds the device.
      const trainer = await writePath.write('school.zone4.setpoint', 19, staff);
      expect(auditEntry(trainer.auditId)).toMatchObject({ who: 'api:chloe', ok: true });
    } finally {
      locks.release('lea');
    }
    const released = await refusal(writePath.write('school.zone4.setpoint', 20, lea));
    expect(released.error.message).toMatch(/not reserved for you/);
  });

  it('treats a plain string as an internal source (role system) with that audit label', async () => {
    const done = await rig.controller.writePath.write('street.lamp02.level', 30, 'cli:bob');
    expect(auditEntry(done.auditId)).toMatchObject({
      who: 'cli:bob',
      ok: true,
      point: 'street.lamp02.level',
    });
  });
});

describe('rate limit per point', () => {
  it('refuses the write past the burst naming the point and when to retry, then accepts it after the wait', async () => {
    const { writePath } = rig.controller;
    for (let i = 0; i < SLOW_RATE.burst; i++) await writePath.write(SLOW_POINT, 18 + i, staff);
    const { error, auditIds } = await refusal(writePath.write(SLOW_POINT, 21, staff));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(
      new RegExp(
        `^Point ${SLOW_POINT.replaceAll('.', '\\.')}: too many writes \\(at most ${SLOW_RATE.perSecond} per second, ${SLOW_RATE.burst} at once\\); retry in \\d+\\.\\d s$`,
      ),
    );
    const retryAfterMs = error.detail?.['retryAfterMs'] as number;
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(1000 / SLOW_RATE.perSecond);
    expect(auditEntry(auditIds[0]!)).toMatchObject({
      who: 'api:chloe',
      point: SLOW_POINT,
      newValue: 21,
      ok: false,
      error: { code: 'FORBIDDEN', message: error.message },
    });
    await new Promise((resolve) => setTimeout(resolve, retryAfterMs + 50));
    const later = await writePath.write(SLOW_POINT, 21, staff);
    expect(auditEntry(later.auditId)).toMatchObject({ ok: true, newValue: 21 });
  }, 30_000);

  it('does not limit internal sources on a simulated device, so a ×600 scenario never trips it', async () => {
    const { writePath } = rig.controller;
    const values = Array.from({ length: 4 * SLOW_RATE.burst }, (_, i) => 17 + (i % 5));
    for (const value of values) await writePath.write(SLOW_POINT, value, 'scenario:fast-show');
    const mine = rigAudit().filter((e) => e.who === 'scenario:fast-show');
    expect(mine).toHaveLength(values.length);
    expect(mine.every((e) => e.ok)).toBe(true);
  }, 30_000);
});

describe('interlocks from the site file', () => {
  it('refuses heating above 21 °C while the window is open, to everyone, and allows it once closed', async () => {
    const { writePath } = rig.controller;
    await rig.stimulate('school', '/window', { zone: 'Zone1', open: true });
    await rig.until('school.zone1.window-open', true);

    for (const by of [staff, 'scenario:heat-wave'] as const) {
      const { error, auditIds } = await refusal(writePath.write('school.zone1.setpoint', 22, by));
      expect(error).toBeInstanceOf(Forbidden);
      expect(error.message).toBe(
        'Interlock no-heating-with-window-open-cp: A Classroom 1 window is open; no setpoint above 21 °C. ' +
          '(school.zone1.setpoint = 22 (above 21) refused while point("school.zone1.window-open") == true)',
      );
      expect(error.detail).toMatchObject({
        interlock: 'no-heating-with-window-open-cp',
        message: { fr: 'Fenêtre ouverte en classe CP : pas de consigne au-dessus de 21 °C.' },
      });
      expect(auditEntry(auditIds[0]!)).toMatchObject({
        point: 'school.zone1.setpoint',
        newValue: 22,
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    }
    // Lowering the heating is what the interlock wants: allowed with the window open.
    const lower = await writePath.write('school.zone1.setpoint', 19, staff);
    expect(auditEntry(lower.auditId).ok).toBe(true);
    await rig.until('school.zone1.setpoint', 19);

    await rig.stimulate('school', '/window', { zone: 'Zone1', open: false });
    await rig.until('school.zone1.window-open', false);
    const warmer = await writePath.write('school.zone1.setpoint', 22, staff);
    expect(auditEntry(warmer.auditId)).toMatchObject({ ok: true, newValue: 22 });
    await rig.until('school.zone1.setpoint', 22);
  }, 60_000);

  it('sends nothing of a batch with one forbidden write, and audits the others as not sent', async () => {
    const { writePath, registry } = rig.controller;
    await rig.stimulate('school', '/window', { zone: 'Zone1', open: true });
    await rig.until('school.zone1.window-open', true);
    try {
      const before = registry.store.get('school.zone5.setpoint')?.value;
      const { error, auditIds } = await refusal(
        writePath.writeMany(
          [
            { point: 'school.zone5.setpoint', value: 18 },
            { point: 'school.zone1.setpoint', value: 23 },
          ],
          staff,
        ),
      );
      expect(error.message).toMatch(/^Interlock no-heating-with-window-open-cp:/);
      expect(auditEntry(auditIds[0]!)).toMatchObject({
        point: 'school.zone5.setpoint',
        ok: false,
        error: { code: 'CANCELED' },
      });
      expect(auditEntry(auditIds[1]!)).toMatchObject({
        point: 'school.zone1.setpoint',
        error: { code: 'FORBIDDEN' },
      });
      expect(registry.store.get('school.zone5.setpoint')?.value).toBe(before);
    } finally {
      await rig.stimulate('school', '/window', { zone: 'Zone1', open: false });
      await rig.until('school.zone1.window-open', false);
    }
  }, 60_000);
});

describe('device locks shared with the scenario engine', () => {
  const scenario = `schema: phare/scenario@1
id: school-evening
title: { fr: Soirée à l'école, en: Evening at school }
summary: { fr: Baisse la consigne, en: Lowers the setpoint }
workstreams: [building]
expectedDurationS: 60
requires: [school.zone4.setpoint]
steps:
  - set: { point: school.zone4.setpoint, value: 18 }
  - wait: { duration: 60s }
finally:
  - set: { point: school.zone4.setpoint, value: 19 }
`;

  it('refuses to start a run on a device an apprentice holds, naming them; then the run holds it', async () => {
    const { scenarios, locks } = rig.controller;
    writeFileSync(join(rig.dir, 'school-evening.yaml'), scenario);
    const plan = scenarios.prepare(valueOrThrow(loadScenario(join(rig.dir, 'school-evening.yaml'))));
    locks.hold(['school'], leaHolds);
    try {
      let refused: unknown;
      try {
        scenarios.start(plan, { startedBy: 'staff:chloe' });
      } catch (error) {
        refused = error;
      }
      expect(refused).toBeInstanceOf(Forbidden);
      expect(refused).toMatchObject({
        message:
          'scenario school-evening cannot start: school is reserved for apprentie Léa; ask the trainer to release it',
        device: 'school',
        detail: { holder: leaHolds, devices: ['school'] },
      });
      expect(scenarios.readiness(plan)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    } finally {
      locks.release('lea');
    }
    const run = scenarios.start(plan, { startedBy: 'staff:chloe' });
    try {
      expect(locks.holderOf('school')).toEqual({
        kind: 'run',
        id: run.id,
        label: `scenario school-evening (run ${run.id})`,
      });
      expect(() => locks.hold(['school'], leaHolds)).toThrow(
        `device school is held by scenario school-evening (run ${run.id}); wait for it to be released`,
      );
      const duringRun = await refusal(rig.controller.writePath.write('school.zone4.setpoint', 20, lea));
      expect(duringRun.error.message).toMatch(/device school is held by scenario school-evening/);
    } finally {
      await scenarios.abort(run.id);
    }
    expect(locks.holderOf('school')).toBeUndefined();
  }, 60_000);
});
