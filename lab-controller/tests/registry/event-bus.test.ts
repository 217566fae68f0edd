import { describe, expect, it } from 'vitest';
import type { Logger } from '@phare/device-drivers/contract.ts';
import { EventBus } from '../../src/bus/event-bus.ts';
import type { PointState } from '../../src/api/wire.ts';

const change: PointState = { id: 'street.lamp01.level', value: 40, quality: 'good', ts: 1 };

describe('event bus', () => {
  it('delivers typed events to every listener of that event only', () => {
    const bus = new EventBus();
    const seen: string[] = [];
    bus.on('points', (changes) => seen.push(`points:${changes[0]!.id}`), 'api');
    bus.on('points', (changes) => seen.push(`recorder:${changes.length}`), 'recorder');
    bus.on('alarm', () => seen.push('alarm'), 'api');
    bus.emit('points', [change]);
    expect(seen).toEqual(['points:street.lamp01.level', 'recorder:1']);
  });

  it('removes every listener of one owner and keeps the others', () => {
    const bus = new EventBus();
    const owner = Symbol('socket');
    const seen: string[] = [];
    bus.on('points', () => seen.push('socket points'), owner);
    bus.on('deviceStatus', () => seen.push('socket status'), owner);
    bus.on('points', () => seen.push('recorder'), 'recorder');
    bus.removeAllOf(owner);
    bus.emit('points', [change]);
    expect(seen).toEqual(['recorder']);
    expect(bus.listenerCount()).toBe(1);
  });

  it('keeps delivering to other listeners when one throws, and logs the failure', () => {
    const errors: string[] = [];
    const logger: Logger = {
      debug() {},
      info() {},
      warn() {},
      error: (msg) => errors.push(msg),
      child: () => logger,
    };
    const bus = new EventBus(logger);
    const seen: number[] = [];
    bus.on(
      'points',
      () => {
        throw new Error('exporter broke');
      },
      'exporter',
    );
    bus.on('points', (c) => seen.push(c.length), 'recorder');
    bus.emit('points', [change, change]);
    expect(seen).toEqual([2]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('points');
  });

  it('lets a listener remove itself while an event is being delivered', () => {
    const bus = new EventBus();
    let calls = 0;
    bus.on(
      'points',
      () => {
        calls++;
        bus.removeAllOf('once');
      },
      'once',
    );
    bus.emit('points', [change]);
    bus.emit('points', [change]);
    expect(calls).toBe(1);
  });
});
