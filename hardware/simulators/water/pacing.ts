/**
 * Serial timing a pty or a TCP socket does not give (protocols.md §7.3), emulated by the simulator:
 * characters leave at the line's character time (1200 baud 7E1: 8.33 ms; 9600 8N1: 1.04 ms), after
 * an optional lead time (SDI-12: 8.33 ms of marking before a response, Vaisala WXT536 App. B p.197).
 * Real wall-clock time: bytes on a wire do not follow a sped-up simulation clock.
 */
import type { SerialSettings } from '@phare/device-drivers/transports/contract.ts';
import { bitsPerCharacter } from '@phare/device-drivers/transports/contract.ts';

export function characterMs(serial: SerialSettings): number {
  return (bitsPerCharacter(serial) * 1000) / serial.baudRate;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Writes `text` as a UART would: chunks of the characters whose transmission has completed, about
 * every 10 ms (finer than Node's timers can hold anyway), so the receiver sees bytes arrive over the
 * line time rather than all at once.
 */
export async function pacedWrite(
  write: (data: Buffer) => Promise<void>,
  text: string,
  serial: SerialSettings,
  leadMs = 0,
): Promise<void> {
  if (leadMs > 0) await sleep(leadMs);
  const charMs = characterMs(serial);
  const perChunk = Math.max(1, Math.round(10 / charMs));
  const started = Date.now();
  let sent = 0;
  while (sent < text.length) {
    const next = Math.min(text.length, sent + perChunk);
    const dueAt = started + next * charMs;
    const wait = dueAt - Date.now();
    if (wait > 0) await sleep(wait);
    await write(Buffer.from(text.slice(sent, next), 'latin1'));
    sent = next;
  }
}
