/**
 * The one place that decides where logs go (style.md principle 7): pino, to stderr, so stdout
 * stays clean for `--json` output. Lines are formatted for humans (`12:03:04 WARN coordinator:…`)
 * unless PHARE_LOG_FORMAT=json. Level from PHARE_LOG (trace|debug|info|warn|error|silent).
 */
import pino, { type DestinationStream } from 'pino';
import type { Logger } from '@phare/device-drivers/contract.ts';

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

export interface LoggerOptions {
  /** Default level when PHARE_LOG is not set. */
  defaultLevel?: string;
  /** Where lines go; default stderr. */
  write?: (line: string) => void;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = process.env['PHARE_LOG'] ?? options.defaultLevel ?? 'info';
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const json = process.env['PHARE_LOG_FORMAT'] === 'json';
  const stream: DestinationStream = { write: json ? write : (line: string) => write(humanLine(line)) };
  return wrap(pino({ level, base: null }, stream), 'phare');
}

function wrap(log: pino.Logger, namespace: string): Logger {
  const call =
    (method: 'debug' | 'info' | 'warn' | 'error') => (msg: string, data?: Record<string, unknown>) => {
      if (data) log[method]({ ns: namespace, ...data }, msg);
      else log[method]({ ns: namespace }, msg);
    };
  return {
    debug: call('debug'),
    info: call('info'),
    warn: call('warn'),
    error: call('error'),
    child: (child: string) => wrap(log, `${namespace}:${child}`),
  };
}

function humanLine(jsonLine: string): string {
  try {
    const { level, time, msg, ns, ...rest } = JSON.parse(jsonLine) as Record<string, unknown>;
    const clock = new Date(typeof time === 'number' ? time : Date.now()).toTimeString().slice(0, 8);
    const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
    return `${clock} ${(LEVEL_NAMES[level as number] ?? String(level)).padEnd(5)} ${String(ns ?? '')}: ${String(msg)}${extra}\n`;
  } catch {
    return jsonLine;
  }
}
