/** What every command receives (style.md principle 6: one context object). */
import type { Logger } from '@phare/device-drivers/contract.ts';

export interface CliContext {
  logger: Logger;
}
