/**
 * node-opcua writes its own warnings with console.log, on stdout (node-opcua-debug make_loggers):
 * e.g. NODE-OPCUA-W27 about RSA PKCS#1 v1.5 on every start on Node ≥ 20.11 (protocols.md §5.3,
 * pitfall 2). Libraries never print (style.md principle 7) and stdout carries `--json` and YAML
 * output, so whoever loads the OPC-UA driver routes them here, to its logger, right after import
 * (the W27 check runs asynchronously after node-opcua is evaluated).
 */
import { setDebugLogger, setErrorLogger, setWarningLogger } from 'node-opcua';
import type { Logger } from '../contract.ts';

function text(args: unknown[]): string {
  return args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : String(a))).join(' ');
}

/** Sends node-opcua's warnings and errors to `logger` (debug for warnings: they are the library's). */
export function routeOpcuaLibraryLogs(logger: Logger): void {
  const log = logger.child('node-opcua');
  setWarningLogger((_context: unknown, ...args: unknown[]) => log.debug(text(args)));
  setErrorLogger((_context: unknown, ...args: unknown[]) => log.warn(text(args)));
  setDebugLogger((_context: unknown, ...args: unknown[]) => log.debug(text(args)));
}
