/**
 * What a check condition asks, in one French line, shown beside "ok" or "manque" (the learning
 * space; `phare learn check` prints the same words).
 */
import { frenchDuration } from './french.ts';
import type { CheckCondition } from './schema.ts';

export function conditionSummary(condition: CheckCondition): string {
  if (condition.that !== undefined) return condition.that;
  if (condition.audit)
    return (
      `écriture sur ${condition.audit.point}` +
      (condition.audit.value !== undefined ? ` = ${String(condition.audit.value)}` : '') +
      ` (journal d'audit, ${frenchDuration(condition.audit.within)})`
    );
  if (condition.scenario) return `scénario ${condition.scenario.file} valide`;
  return `run du scénario ${condition.run!.scenario} (${condition.run!.outcome})`;
}
