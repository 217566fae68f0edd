/** `phare points --site FILE`: every point of a site with unit, writability and limits. */
import type { Command } from 'commander';
import type { PointMeta } from '../../api/wire.ts';
import { EventBus } from '../../bus/event-bus.ts';
import { loadSiteOrThrow } from '../../controller/site-loading.ts';
import { Registry } from '../../registry/registry.ts';
import { formatTable, printJson, printLines } from '../output.ts';
import type { CliContext } from '../context.ts';

export function registerPoints(program: Command, ctx: CliContext): void {
  program
    .command('points')
    .description('list every point of a site: id, type, unit, access, range and write limits')
    .requiredOption('--site <file>', 'site YAML file')
    .option('--json', 'print PointMeta[] as JSON')
    .action(async (opts: { site: string; json?: boolean }) => {
      const loaded = loadSiteOrThrow(opts.site);
      // Builds drivers and coordinators but never starts them: no connection is opened.
      const registry = new Registry(loaded, { bus: new EventBus(ctx.logger), logger: ctx.logger });
      const metas = registry.allMeta();
      if (opts.json) return printJson(metas);
      printLines(
        formatTable(
          ['POINT', 'TYPE', 'UNIT', 'ACCESS', 'RANGE', 'LIMITS', 'LABEL'],
          metas.map((m) => [
            m.id,
            m.type,
            m.unit ?? '',
            access(m),
            span(m.range),
            span(m.limits),
            m.label?.en ?? '',
          ]),
        ),
      );
    });
}

function access(m: PointMeta): string {
  return m.readable && m.writable ? 'rw' : m.writable ? 'w' : 'r';
}

function span(r: { min: number; max: number } | undefined): string {
  return r ? `${r.min}–${r.max}` : '';
}
