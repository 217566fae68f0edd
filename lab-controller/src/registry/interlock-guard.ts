/**
 * The site's interlocks at write time (issue 9 §2; declared in the site file, schema in
 * config/schema/write-safety.ts): a write that an interlock forbids is refused while the
 * interlock's condition holds, whoever asks — staff, a scenario, an apprentice.
 *
 * Conditions are the scenario expression language (scenario/expression), compiled once against the
 * registry's points on first use (after the controller has declared its computed points), and
 * evaluated on the live point store.
 *
 * Fail closed: when a forbidden value is asked and the condition cannot be told (a window contact
 * offline, a value of the wrong type), the write is refused, naming why. A safe write (a lower
 * setpoint) is never blocked by an unknown condition, because the condition is evaluated only for
 * values the interlock forbids.
 */
import { ConfigInvalid, Forbidden, PhareError } from '@phare/device-drivers/errors.ts';
import type { PointMeta } from '../api/wire.ts';
import type { Interlock } from '../config/schema/write-safety.ts';
import { patternList } from '../config/schema/write-safety.ts';
import { compileExpression, type CompiledExpression } from '../scenario/expression/compile.ts';
import { evaluateCondition } from '../scenario/expression/evaluate.ts';
import { pointPattern } from '../scenario/site-points.ts';
import type { Registry } from './registry.ts';

interface CompiledInterlock {
  spec: Interlock;
  patterns: RegExp[];
  when: CompiledExpression | ConfigInvalid;
}

export class InterlockGuard {
  private compiled: CompiledInterlock[] | undefined;
  private readonly byPoint = new Map<string, CompiledInterlock[]>();

  constructor(private readonly registry: Registry) {}

  /** The refusal for writing `value` to the point, or undefined when no interlock forbids it now. */
  refusal(meta: PointMeta, value: unknown): PhareError | undefined {
    for (const interlock of this.applying(meta.id)) {
      if (!forbids(interlock.spec, value)) continue;
      const { spec } = interlock;
      const ctx = { device: meta.device, point: meta.id };
      const detail = { interlock: spec.id, when: spec.when, message: spec.message };
      const asked = `${meta.id} = ${JSON.stringify(value)}${bound(spec)}`;
      let holds: boolean;
      try {
        if (interlock.when instanceof ConfigInvalid) throw interlock.when;
        holds = evaluateCondition(interlock.when, this.evalContext());
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        return new Forbidden(
          `Interlock ${spec.id}: cannot tell whether "${spec.when}" holds (${why}); ${asked} refused to stay safe`,
          { ...ctx, detail: { ...detail, unknown: true }, cause: error },
        );
      }
      if (holds)
        return new Forbidden(
          `Interlock ${spec.id}: ${spec.message.en} (${asked} refused while ${spec.when})`,
          { ...ctx, detail },
        );
    }
    return undefined;
  }

  private applying(point: string): CompiledInterlock[] {
    let found = this.byPoint.get(point);
    if (!found) {
      found = this.all().filter((i) => i.patterns.some((re) => re.test(point)));
      this.byPoint.set(point, found);
    }
    return found;
  }

  private all(): CompiledInterlock[] {
    if (this.compiled) return this.compiled;
    const registry = this.registry;
    const scope = {
      isPoint: (id: string) => registry.meta(id) !== undefined,
      isVariable: () => false,
      names: () => registry.allMeta().map((m) => m.id),
    };
    this.compiled = (registry.loaded.site.interlocks ?? []).map((spec) => {
      const result = compileExpression(spec.when, scope);
      return {
        spec,
        patterns: patternList(spec.forbid.points).map(pointPattern),
        // A site loaded from its file was checked already; a site built in code may not have been.
        when: result.ok
          ? result.expr
          : new ConfigInvalid(`interlock ${spec.id}: ${result.problems.map((p) => p.message).join('; ')}`),
      };
    });
    return this.compiled;
  }

  private evalContext() {
    const store = this.registry.store;
    return {
      state: (id: string) => store.get(id),
      variable: () => undefined,
      nowMs: () => Date.now(),
    };
  }
}

/** Whether the interlock, when its condition holds, forbids this value. */
function forbids(spec: Interlock, value: unknown): boolean {
  const { above, below, equals } = spec.forbid;
  if (above === undefined && below === undefined && equals === undefined) return true;
  if (equals !== undefined && value === equals) return true;
  if (typeof value !== 'number') return false;
  return (above !== undefined && value > above) || (below !== undefined && value < below);
}

function bound(spec: Interlock): string {
  const { above, below, equals } = spec.forbid;
  const parts = [
    above === undefined ? '' : `above ${above}`,
    below === undefined ? '' : `below ${below}`,
    equals === undefined ? '' : `equal to ${JSON.stringify(equals)}`,
  ].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}
