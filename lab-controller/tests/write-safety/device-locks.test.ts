/**
 * DeviceLocks (sandbox/device-locks.ts): the lock table the scenario engine and the learning
 * sandbox share. A clock is injected so lease expiry is exact, not a race with a timer.
 */
import { describe, expect, it } from 'vitest';
import { Forbidden } from '@phare/device-drivers/errors.ts';
import { EventBus } from '../../src/bus/event-bus.ts';
import { DeviceLocks, type DeviceLock, type LockHolder } from '../../src/sandbox/device-locks.ts';

const lea: LockHolder = { kind: 'apprentice', id: 'lea', label: 'apprentie Léa' };
const tom: LockHolder = { kind: 'apprentice', id: 'tom', label: 'apprenti Tom' };
const run: LockHolder = { kind: 'run', id: 'night-1', label: 'scenario night-dimming (run night-1)' };

function clocked(): { locks: DeviceLocks; advance(ms: number): void; events: DeviceLock[][] } {
  let now = 1_000_000;
  const bus = new EventBus();
  const events: DeviceLock[][] = [];
  bus.on('locks', (list) => events.push(list), 'test');
  const locks = new DeviceLocks({ bus, now: () => now });
  return { locks, events, advance: (ms) => (now += ms) };
}

describe('DeviceLocks', () => {
  it('holds all the devices or none, naming the device and its holder when one is taken', () => {
    const { locks } = clocked();
    locks.hold(['park'], run);
    let refusal: unknown;
    try {
      locks.hold(['street', 'park', 'school'], lea);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(Forbidden);
    expect((refusal as Forbidden).message).toBe(
      'device park is held by scenario night-dimming (run night-1); wait for it to be released',
    );
    expect((refusal as Forbidden).device).toBe('park');
    // Nothing of the refused request was taken.
    expect(locks.holderOf('street')).toBeUndefined();
    expect(locks.holderOf('school')).toBeUndefined();
    expect(locks.list().map((l) => [l.device, l.holder.id])).toEqual([['park', 'night-1']]);
    locks.close();
  });

  it('lets the same holder hold again: devices are added and the lease is extended', () => {
    const { locks, advance } = clocked();
    locks.hold(['street'], lea, { ttlMs: 60_000 });
    const since = locks.list()[0]!.since;
    advance(50_000);
    locks.hold(['park'], lea, { ttlMs: 60_000 });
    advance(50_000);
    // 100 s after the first hold: the first lease alone would have ended, the extended one has not.
    expect(locks.list().map((l) => l.device)).toEqual(['park', 'street']);
    expect(locks.list().find((l) => l.device === 'street')).toMatchObject({
      since,
      expiresAt: since + 110_000,
    });
    expect(() => locks.hold(['street'], tom)).toThrow(/street is held by apprentie Léa/);
    locks.close();
  });

  it('ends a lease after its ttl, after which another holder may take the device', () => {
    const { locks, advance, events } = clocked();
    locks.hold(['street'], lea, { ttlMs: 30_000 });
    advance(29_999);
    expect(locks.holderOf('street')).toMatchObject({ id: 'lea' });
    advance(1);
    expect(locks.holderOf('street')).toBeUndefined();
    expect(events.at(-1)).toEqual([]);
    locks.hold(['street'], tom);
    expect(locks.holderOf('street')).toEqual(tom);
    expect(locks.list()[0]!.expiresAt).toBeUndefined();
    locks.close();
  });

  it('releases every device of a holder, tells the bus, and ignores an unknown holder', () => {
    const { locks, events } = clocked();
    locks.hold(['street', 'park'], run);
    locks.hold(['school'], lea);
    locks.release('night-1');
    expect(locks.list()).toEqual([expect.objectContaining({ device: 'school', holder: lea })]);
    const before = events.length;
    locks.release('nobody');
    expect(events).toHaveLength(before);
    expect(events.map((list) => list.map((l) => l.device))).toEqual([
      ['park', 'street'],
      ['park', 'school', 'street'],
      ['school'],
    ]);
    locks.close();
  });

  it('gives copies: changing what list() or holderOf() returned changes no lock', () => {
    const { locks } = clocked();
    locks.hold(['street'], lea);
    locks.holderOf('street')!.id = 'tom';
    locks.list()[0]!.holder.label = 'someone else';
    expect(locks.holderOf('street')).toEqual(lea);
    locks.close();
  });

  it('refuses a ttl that is not a positive number', () => {
    const { locks } = clocked();
    expect(() => locks.hold(['street'], lea, { ttlMs: 0 })).toThrow(Forbidden);
    expect(() => locks.hold(['street'], lea, { ttlMs: Number.NaN })).toThrow(Forbidden);
    expect(locks.list()).toEqual([]);
  });

  it('expires a lease on its own timer and announces it, with no read needed', async () => {
    const bus = new EventBus();
    const announced: DeviceLock[][] = [];
    bus.on('locks', (list) => announced.push(list), 'test');
    const locks = new DeviceLocks({ bus });
    locks.hold(['street'], lea, { ttlMs: 50 });
    // Generous bound for a loaded machine: only the order of events is asserted, not their timing.
    for (let waited = 0; announced.length < 2 && waited < 5000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(announced.map((l) => l.length)).toEqual([1, 0]);
    locks.close();
  });
});
