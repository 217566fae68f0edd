/**
 * Who may write what (issue 9 §1–2, auth/roles.ts): the first check of the write path.
 *
 * - `visitor` (the kiosk, anonymous) and `vendor` (interop testing of their own kit, which goes
 *   through the interop runner, not the site's points) never write a site point;
 * - `apprentice` writes only devices held for them in the device locks (the trainer or the
 *   exercise reserved them: issue 7 §4), a lock whose holder is `{ kind: 'apprentice', id: <their
 *   account name> }`;
 * - `staff`, `admin` and `system` (a scenario run, the local CLI, a curriculum reset: sources that
 *   were authorised where they started) write anything; their writes are audited.
 *
 * A plain string given as `by` is an internal source: role `system`, the string its audit label.
 */
import { Forbidden } from '@phare/device-drivers/errors.ts';
import type { Actor } from '../auth/roles.ts';
import type { DeviceLocks } from '../sandbox/device-locks.ts';

export function actorOf(by: string | Actor): Actor {
  return typeof by === 'string' ? { who: by, role: 'system' } : by;
}

/** Before the point is even looked up: roles that never write. */
export function roleRefusal(actor: Actor, point: string): Forbidden | undefined {
  if (actor.role !== 'visitor' && actor.role !== 'vendor') return undefined;
  return new Forbidden(`${actor.who} (role ${actor.role}) may not write site points: ${point} refused`, {
    point,
    detail: { role: actor.role },
  });
}

/** Once the point's device is known: an apprentice writes only the devices held for them. */
export function lockRefusal(
  actor: Actor,
  device: string,
  point: string,
  locks: DeviceLocks,
): Forbidden | undefined {
  if (actor.role !== 'apprentice') return undefined;
  const holder = locks.holderOf(device);
  const account = actor.user ?? actor.who;
  if (holder?.kind === 'apprentice' && holder.id === account) return undefined;
  const why = holder
    ? `is held by ${holder.label}`
    : 'is not reserved for you; ask your trainer to reserve it';
  return new Forbidden(`${actor.who} (apprentice) may not write ${point}: device ${device} ${why}`, {
    device,
    point,
    detail: { role: 'apprentice', ...(holder ? { holder: { ...holder } } : {}) },
  });
}
