/** Reads a shipped profile's serial section, so tests drive the simulators with the real profile data. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { AsciiLineFormat, AsciiLinePointDef } from '@phare/device-drivers/serial-sensors/index.ts';

export function asciiProfile(id: string): { format: AsciiLineFormat; points: AsciiLinePointDef[] } {
  const file = fileURLToPath(new URL(`../../profiles/${id}.yaml`, import.meta.url));
  const serial = (
    parse(readFileSync(file, 'utf8')) as { serial: AsciiLineFormat & { points: AsciiLinePointDef[] } }
  ).serial;
  const { points, ...format } = serial;
  return { format, points };
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function postControl(
  baseUrl: string | undefined,
  path: string,
  body: unknown,
): Promise<unknown> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}
