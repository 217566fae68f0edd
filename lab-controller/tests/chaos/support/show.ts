/**
 * A scenario that runs through a fault: started before it, it waits (`until-released`) for a
 * signal only the test gives (street lamp12 failed through the simulator's control API), so it is
 * still running whatever the fault costs in time; then its `finally` restores the safe state.
 */
import { expect } from 'vitest';
import { valueOrThrow } from '../../../src/config/problem.ts';
import type { ScenarioRunView } from '../../../src/api/wire.ts';
import type { ScenarioEvent } from '../../../src/bus/events.ts';
import type { Controller } from '../../../src/controller/start-controller.ts';
import type { RunHandle } from '../../../src/scenario/engine.ts';
import { loadScenario } from '../../../src/scenario/load-scenario.ts';
import type { RunResult } from '../../../src/scenario/timeline.ts';
import type { ScenarioPlan } from '../../../src/scenario/validate-scenario.ts';
import { dataOf, eventually, getJson } from '../../support/harness.ts';

/** The luminaire whose failure tells a chaos show to end: street lamp12, DALI short address 11. */
const RELEASE_GEAR = 11;
const RELEASE_POINT = 'street.lamp12.lampFailure';

export class ChaosShow {
  readonly plan: ScenarioPlan;
  readonly events: ScenarioEvent[] = [];
  private readonly owner = Symbol('chaos-show');

  constructor(
    private readonly controller: Controller,
    file: string,
    private readonly streetControlUrl: string,
  ) {
    this.plan = controller.scenarios.prepare(valueOrThrow(loadScenario(file)));
    controller.bus.on('scenario', (e) => this.events.push(e), this.owner);
  }

  /** Starts a run once its points are online, and returns when it waits for the release signal. */
  async start(): Promise<RunHandle> {
    // The previous show's `finally` repaired lamp12; the gateway reports it within a sweep or two.
    await eventually(
      () => (this.controller.registry.store.get(RELEASE_POINT)?.value === false ? true : undefined),
      30_000,
      `${RELEASE_POINT} false before the show`,
    );
    await this.controller.scenarios.whenReady(this.plan, 60_000);
    const handle = this.controller.scenarios.start(this.plan, { startedBy: 'test:chaos' });
    await eventually(
      () =>
        this.eventsOf(handle.id).some(
          (e) => e.kind === 'step-started' && e.detail?.['step'] === 'until-released',
        )
          ? true
          : undefined,
      30_000,
      'the show waiting for its release signal',
    );
    return handle;
  }

  /** Gives the release signal and waits for the run and its `finally` steps to end. */
  async release(handle: RunHandle): Promise<RunResult> {
    const answer = await fetch(`${this.streetControlUrl}/gear/${RELEASE_GEAR}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lampFailure: true }),
    });
    expect(answer.status).toBe(200);
    return await Promise.race([
      handle.done,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`run ${handle.id} did not end within 60 s`)), 60_000),
      ),
    ]);
  }

  eventsOf(runId: string): ScenarioEvent[] {
    return this.events.filter((e) => e.run === runId);
  }

  /**
   * The run passed and every `finally` step ran and succeeded, as its record says (GET /api/runs/:id,
   * read from the store the run was recorded in).
   */
  async expectEndedInFinally(result: RunResult): Promise<ScenarioRunView> {
    const finallySteps = this.plan.scenario.finally.length;
    expect(result.outcome, result.reason ?? '').toBe('passed');
    const record = dataOf(await getJson<ScenarioRunView>(`${this.controller.url}/api/runs/${result.id}`));
    expect(record.outcome).toBe('passed');
    const inFinally = record.timeline.filter((t) => t.inFinally);
    expect(inFinally).toHaveLength(finallySteps);
    expect(inFinally.filter((t) => !t.ok)).toEqual([]);
    return record;
  }

  close(): void {
    this.controller.bus.removeAllOf(this.owner);
  }
}
