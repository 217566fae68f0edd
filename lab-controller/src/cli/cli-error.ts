/**
 * How the CLI fails: expected problems (bad arguments, invalid files, a device that does not
 * answer) print one clear message and exit 1, without a stack trace; only Phare's own bugs show one.
 */
import { PhareError } from '@phare/device-drivers/errors.ts';
import { StorageUnavailable } from '../storage/database.ts';
import { WriteRefused } from '../registry/write-path.ts';

/** An expected failure with a message for the user. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code = 'CLI_ERROR',
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface ExpectedFailure {
  code: string;
  message: string;
  device?: string;
  point?: string;
  exitCode: number;
}

/** Undefined for unexpected errors (bugs), which deserve their stack trace. */
export function asExpectedFailure(error: unknown): ExpectedFailure | undefined {
  if (error instanceof WriteRefused) return asExpectedFailure(error.error);
  if (error instanceof PhareError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.device ? { device: error.device } : {}),
      ...(error.point ? { point: error.point } : {}),
      exitCode: 1,
    };
  }
  if (error instanceof CliError)
    return { code: error.code, message: error.message, exitCode: error.exitCode };
  if (error instanceof StorageUnavailable)
    return { code: 'STORAGE_UNAVAILABLE', message: error.message, exitCode: 1 };
  if (error instanceof Error && (error as { code?: string }).code === 'commander.invalidArgument') {
    return { code: 'BAD_ARGUMENT', message: error.message, exitCode: 1 };
  }
  return undefined;
}
