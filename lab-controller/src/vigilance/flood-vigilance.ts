/**
 * Flood vigilance (site `vigilance:`): each rule watches one water-level point and publishes a
 * computed point `<device>.vigilance` (read-only integer 0 green … 3 red, with its labels and
 * colours in PointMeta.states), and a bus `alarm` on every level change: a raise (keyed
 * `vigilance:<point>`, severity by level) on yellow, orange or red, and a clear back on green.
 * The level moves with hysteresis (evaluator.ts). While the source point is not good (offline,
 * stale, bad), the level is kept with the source's quality: no alarm is raised on stale data.
 */
import type { Logger } from '@phare/device-drivers/contract.ts';
import type { PointMeta, PointState } from '../api/wire.ts';
import type { EventBus } from '../bus/event-bus.ts';
import { nextLevel, type VigilanceThresholds } from './evaluator.ts';
import { VIGILANCE_LEVELS, type VigilanceLevel } from './levels.ts';

export interface VigilanceRuleInput {
  /** The water-level point, e.g. `river.level`. */
  point: string;
  thresholds: VigilanceThresholds;
  hysteresis: number;
}

/** What the service needs of the registry. */
export interface VigilanceHost {
  meta(pointId: string): PointMeta | undefined;
  applyStates(states: PointState[]): void;
}

/** `river.level` → `river.vigilance`. */
export function vigilancePointId(source: string): string {
  return `${source.slice(0, source.indexOf('.'))}.vigilance`;
}

interface Watch {
  rule: VigilanceRuleInput;
  id: string;
  level: VigilanceLevel | null;
}

export class FloodVigilance {
  private readonly owner = Symbol('flood-vigilance');
  private readonly watches = new Map<string, Watch>();

  constructor(
    rules: readonly VigilanceRuleInput[],
    private readonly host: VigilanceHost,
    private readonly bus: EventBus,
    private readonly logger: Logger,
  ) {
    for (const rule of rules)
      this.watches.set(rule.point, { rule, id: vigilancePointId(rule.point), level: null });
  }

  /** PointMeta of the computed points, to declare in the registry before start. */
  metas(): PointMeta[] {
    return [...this.watches.values()].map(({ rule, id }) => {
      const source = this.host.meta(rule.point)?.label ?? { fr: rule.point, en: rule.point };
      return {
        id,
        device: id.slice(0, id.indexOf('.')),
        label: { fr: `Vigilance crue — ${source.fr}`, en: `Flood vigilance — ${source.en}` },
        quantity: 'flood-vigilance',
        unit: '1',
        type: 'integer',
        readable: true,
        writable: false,
        range: { min: 0, max: 3 },
        states: VIGILANCE_LEVELS.map(({ value, key, label, color }) => ({ value, key, label, color })),
        computed: true,
      };
    });
  }

  start(): void {
    this.bus.on('points', (changes) => this.onPoints(changes), this.owner);
  }

  stop(): void {
    this.bus.removeAllOf(this.owner);
  }

  private onPoints(changes: PointState[]): void {
    const states: PointState[] = [];
    for (const change of changes) {
      const watch = this.watches.get(change.id);
      if (!watch) continue;
      if (change.quality !== 'good' || typeof change.value !== 'number') {
        states.push({ id: watch.id, value: watch.level, quality: change.quality, ts: change.ts });
        continue;
      }
      const { thresholds, hysteresis } = watch.rule;
      const level = nextLevel(watch.level, change.value, thresholds, hysteresis);
      const previous = watch.level;
      watch.level = level;
      states.push({ id: watch.id, value: level, quality: 'good', ts: change.ts });
      if (level !== previous && !(previous === null && level === 0)) this.alarm(watch, previous, change);
    }
    if (states.length > 0) this.host.applyStates(states);
  }

  private alarm(watch: Watch, previous: VigilanceLevel | null, change: PointState): void {
    const level = VIGILANCE_LEVELS[watch.level!]!;
    const from = previous === null ? undefined : VIGILANCE_LEVELS[previous]!;
    const unit = this.host.meta(watch.rule.point)?.unit ?? '';
    const value = `${String(change.value)}${unit ? ` ${unit}` : ''}`;
    const threshold =
      level.value > 0 ? watch.rule.thresholds[level.key as keyof VigilanceThresholds] : undefined;
    const raised = level.value > 0;
    const label = raised
      ? {
          fr: `Vigilance crue ${level.label.fr.toLowerCase()} : ${watch.rule.point} = ${value} (seuil ${threshold} ${unit})`.trim(),
          en: `${level.label.en} flood vigilance: ${watch.rule.point} = ${value} (threshold ${threshold} ${unit})`.trim(),
        }
      : {
          fr: `Fin de vigilance crue : ${watch.rule.point} = ${value}`,
          en: `Flood vigilance over: ${watch.rule.point} = ${value}`,
        };
    this.logger.info(label.en, { point: watch.id, level: level.key, previous: from?.key });
    this.bus.emit('alarm', {
      key: `vigilance:${watch.rule.point}`,
      active: raised,
      point: watch.id,
      severity: level.severity,
      message: label.fr,
      label,
      ts: change.ts,
      source: 'vigilance',
      detail: {
        level: level.key,
        value: change.value,
        source: watch.rule.point,
        ...(from ? { previous: from.key } : {}),
        ...(threshold !== undefined ? { threshold } : {}),
      },
    });
  }
}
