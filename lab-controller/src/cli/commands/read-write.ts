/**
 * `phare read POINT` and `phare write POINT VALUE` against any site, one-shot: only the point's
 * device connection is opened, and a write goes through the one write path (limits, audit).
 */
import type { Command } from 'commander';
import { loadSiteOrThrow } from '../../controller/site-loading.ts';
import { cliUser, openOneShot, parseCliValue } from '../one-shot.ts';
import { printJson, printLines } from '../output.ts';
import type { CliContext } from '../context.ts';

export function registerReadWrite(program: Command, ctx: CliContext): void {
  program
    .command('read')
    .description('read one point now from its device (opens only that connection)')
    .argument('<point>', 'point id, <device>.<point>, e.g. street.lamp03.level')
    .requiredOption('--site <file>', 'site YAML file')
    .option('--json', 'print { id, value, quality, ts, unit } as JSON')
    .action(async (point: string, opts: { site: string; json?: boolean }) => {
      const loaded = loadSiteOrThrow(opts.site);
      const shot = openOneShot(loaded, point, ctx.logger);
      try {
        const state = await shot.read();
        if (opts.json) printJson({ ...state, ...(shot.meta.unit ? { unit: shot.meta.unit } : {}) });
        else
          printLines([
            `${point} = ${String(state.value)}${shot.meta.unit ? ` ${shot.meta.unit}` : ''} (${state.quality})`,
          ]);
      } finally {
        await shot.close();
      }
    });

  program
    .command('write')
    .description('write one point through the write path: limits checked, attempt audited in the data folder')
    .argument('<point>', 'point id, <device>.<point>, e.g. street.lamp03.level')
    .argument('<value>', 'new value: a number, true/false, or text')
    .requiredOption('--site <file>', 'site YAML file')
    .option('--as <name>', 'who to record in the audit log (default: your user name)')
    .option('--data-dir <dir>', 'data folder for the audit log (default ./data or PHARE_DATA_DIR)')
    .option('--json', 'print the WriteResultBody as JSON')
    .action(
      async (
        point: string,
        text: string,
        opts: { site: string; as?: string; dataDir?: string; json?: boolean },
      ) => {
        const loaded = loadSiteOrThrow(opts.site);
        const shot = openOneShot(loaded, point, ctx.logger, opts.dataDir);
        try {
          // The old value for the audit log: read it first when the point is readable.
          if (shot.meta.readable) await shot.read().catch(() => undefined);
          const result = await shot.writePath.write(point, parseCliValue(text, shot.meta), cliUser(opts.as));
          if (opts.json) printJson(result);
          else
            printLines([
              `${point}: ${String(result.previous)} → ${String(result.value)}${shot.meta.unit ? ` ${shot.meta.unit}` : ''} (audit #${result.auditId})`,
              ...result.commands.map((c) => `  sent: ${c}`),
            ]);
        } finally {
          await shot.close();
        }
      },
    );
}
