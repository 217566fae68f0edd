/**
 * The control API of a Phare simulator (hardware/simulators/README.md), for the checks that need a
 * fault on demand: a lamp failure, a gateway switched off, a silent sensor, a server reboot.
 * Only used when the run was given `--control URL`; a real device is never asked to fail.
 */
import { ConfigInvalid, Disconnected } from '@phare/device-drivers/errors.ts';

export async function controlRequest(
  baseUrl: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<unknown> {
  const url = `${baseUrl.replace(/\/+$/, '')}${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new Disconnected(`simulator control API ${url} did not answer: ${String(error)}`, { cause: error });
  }
  const text = await response.text();
  if (!response.ok)
    throw new ConfigInvalid(`simulator control API ${method} ${url} answered ${response.status}: ${text}`, {
      detail: { status: response.status },
    });
  return text ? (JSON.parse(text) as unknown) : null;
}
