/**
 * The DALI line model on its own: real DALI frames from the codec, a hand-stepped clock, and the gear's
 * answers. Physics and bus rules from protocols.md §1.2–1.5.
 */
import { describe, expect, it } from 'vitest';
import {
  BROADCAST,
  MASK,
  arcToPercent,
  command,
  commandFrameTimeMs,
  dapc,
  fadeTimeSeconds,
  groupAddress,
  sequenceFrames,
  setFadeTime,
  shortAddress,
  special,
  storeScene,
  type ForwardFrame,
} from '@phare/device-drivers/dali/index.ts';
import { createManualClock } from '@phare/hardware/simulators/clock.ts';
import { DaliLine, STANDBY_W } from '@phare/hardware/simulators/dali-gateway/index.ts';

function makeLine(busTiming = false) {
  const clock = createManualClock(1_000_000);
  const line = new DaliLine({
    luminaires: [
      { shortAddress: 5, groups: [1], ratedPowerW: 60 },
      { shortAddress: 6, groups: [1, 2], ratedPowerW: 60 },
      { shortAddress: 7, groups: [], ratedPowerW: 30 },
    ],
    clock,
    busTiming,
    fadeTimeX: 4,
  });
  const send = (...frames: ForwardFrame[]) =>
    line.bus.send(frames.map((frame) => ({ frame, sendTwice: false })));
  return { clock, line, send, gear: (a: number) => line.gearAt(a)! };
}

describe('DALI line model', () => {
  it('fades linearly along arc levels over the fade time, so light output follows the log curve', () => {
    const { clock, send, gear } = makeLine();
    send(command(shortAddress(5), 'OFF'));
    send(dapc(shortAddress(5), 254));
    const fadeMs = fadeTimeSeconds(4) * 1000;
    expect(fadeMs).toBe(2000);
    const start = gear(5).minLevel; // fading up from off starts at MIN LEVEL
    clock.advance(fadeMs / 2);
    const midArc = gear(5).arcAt(clock.now());
    expect(midArc).toBeCloseTo((start + 254) / 2, 6);
    expect(gear(5).outputAt(clock.now())).toBeCloseTo(10 ** ((midArc - 1) / (253 / 3) - 1) / 100, 9);
    expect(gear(5).isFading(clock.now())).toBe(true);
    clock.advance(fadeMs / 2);
    expect(gear(5).levelAt(clock.now())).toBe(254);
    expect(gear(5).isFading(clock.now())).toBe(false);
  });

  it('acts at once on OFF and RECALL MAX/MIN, and DAPC MASK stops a running fade where it is', () => {
    const { clock, send, gear } = makeLine();
    send(command(shortAddress(5), 'RECALL MIN LEVEL'));
    expect(gear(5).levelAt(clock.now())).toBe(gear(5).minLevel);
    send(command(shortAddress(5), 'RECALL MAX LEVEL'));
    expect(gear(5).levelAt(clock.now())).toBe(254);
    send(dapc(shortAddress(5), 100));
    clock.advance(500);
    send(dapc(shortAddress(5), MASK));
    const frozen = gear(5).levelAt(clock.now());
    clock.advance(5000);
    expect(gear(5).levelAt(clock.now())).toBe(frozen);
    expect(frozen).toBeGreaterThan(100);
    expect(frozen).toBeLessThan(254);
    send(command(shortAddress(5), 'OFF'));
    expect(gear(5).levelAt(clock.now())).toBe(0);
  });

  it('applies a group frame to every member and a broadcast frame to every gear', () => {
    const { clock, send, gear, line } = makeLine();
    send(command(groupAddress(2), 'OFF'));
    expect([5, 6, 7].map((a) => gear(a).levelAt(clock.now()))).toEqual([254, 0, 254]);
    send(command(BROADCAST, 'RECALL MIN LEVEL'));
    expect([5, 6, 7].map((a) => gear(a).levelAt(clock.now()))).toEqual([1, 1, 1]);
    expect(line.bus.snapshot().frames).toMatchObject({ group: 1, broadcast: 1, short: 0 });
  });

  it('takes a configuration command only when the identical frame comes twice within 100 ms', () => {
    const { clock, line, send, gear } = makeLine();
    // Once, then another frame: no effect (protocols.md §1.2).
    send(
      special('DTR0', 7),
      command(shortAddress(5), 'SET FADE TIME'),
      command(shortAddress(6), 'QUERY STATUS'),
    );
    expect(gear(5).fadeTimeX).toBe(4);
    // Twice but with another frame between: no effect.
    send(command(shortAddress(5), 'SET FADE TIME'), command(shortAddress(6), 'QUERY STATUS'));
    send(command(shortAddress(5), 'SET FADE TIME'), command(shortAddress(6), 'QUERY STATUS'));
    expect(gear(5).fadeTimeX).toBe(4);
    // Twice, 200 ms apart: no effect.
    send(command(shortAddress(5), 'SET FADE TIME'));
    clock.advance(200);
    send(command(shortAddress(5), 'SET FADE TIME'));
    expect(gear(5).fadeTimeX).toBe(4);
    // The codec's sequence: DTR0, then the command twice back to back.
    line.bus.send(setFadeTime(shortAddress(5), 7));
    expect(gear(5).fadeTimeX).toBe(7);
  });

  it('recalls a scene stored through DTR0, and ignores scenes the gear is not in', () => {
    const { clock, line, send, gear } = makeLine();
    line.bus.send(storeScene(groupAddress(1), 3, 200));
    send(command(BROADCAST, 'OFF'));
    send(command(BROADCAST, 'GO TO SCENE', 3));
    clock.advance(2000);
    expect([5, 6, 7].map((a) => gear(a).levelAt(clock.now()))).toEqual([200, 200, 0]);
  });

  it('answers queries like a gear: status bits, actual level, MASK during a lamp failure, silence when absent', () => {
    const { clock, line, gear } = makeLine(true);
    const replies: unknown[] = [];
    const queries = [
      command(shortAddress(5), 'QUERY ACTUAL LEVEL'),
      command(shortAddress(5), 'QUERY STATUS'),
      command(shortAddress(7), 'QUERY ACTUAL LEVEL'),
      command(groupAddress(1), 'QUERY CONTROL GEAR PRESENT'),
    ];
    gear(5).setLampFailure(true, clock.now());
    gear(7).setPresent(false, clock.now());
    line.bus.setBackgroundSource(() => {
      const frame = queries.shift();
      return frame && { frame, onReply: (reply) => replies.push(reply) };
    });
    clock.advance(1000);
    // b1 lamp failure | b7 power failure (never commanded since power-up); no b2: no arc power.
    expect(replies).toEqual([MASK, 0b1000_0010, undefined, 'collision']);
    expect(line.bus.snapshot().frames.query).toBe(4);
  });

  it('costs one command frame time per single frame, so 64 singles take 64 slots and one broadcast takes one', () => {
    const clock = createManualClock(0);
    const luminaires = Array.from({ length: 64 }, (_, a) => ({ shortAddress: a, groups: [0] }));
    const line = new DaliLine({ luminaires, clock, busTiming: true, fadeTimeX: 0 });
    line.bus.send(
      luminaires.map((l) => ({ frame: dapc(shortAddress(l.shortAddress), 100), sendTwice: false })),
    );
    expect(line.bus.snapshot().queueLength).toBe(63); // the first is on the wire
    clock.advance(commandFrameTimeMs() * 63 + 1);
    expect(line.bus.snapshot()).toMatchObject({ queueLength: 0, commandFrames: 64, frames: { short: 64 } });
    expect(line.bus.snapshot().busyMs).toBeCloseTo(64 * commandFrameTimeMs(), 6);
    line.bus.resetCounters();
    line.bus.send([{ frame: dapc(BROADCAST, 200), sendTwice: false }]);
    clock.advance(commandFrameTimeMs());
    expect(line.bus.snapshot()).toMatchObject({ commandFrames: 1, frames: { broadcast: 1 } });
    expect(line.gear.every((g) => g.levelAt(clock.now()) === 200)).toBe(true);
    expect(sequenceFrames(setFadeTime(BROADCAST, 4))).toHaveLength(3);
  });

  it('draws standby plus rated power times light output, and integrates energy over simulated time', () => {
    const { clock, line, send, gear } = makeLine();
    send(command(BROADCAST, 'RECALL MAX LEVEL'));
    expect(line.totalPowerW()).toBeCloseTo(3 * STANDBY_W + 60 + 60 + 30, 9);
    send(command(shortAddress(7), 'OFF'));
    send(dapc(shortAddress(5), 229));
    clock.advance(2000);
    expect(gear(5).powerWAt(clock.now())).toBeCloseTo(STANDBY_W + (60 * arcToPercent(229)) / 100, 9);
    expect(gear(7).powerWAt(clock.now())).toBe(STANDBY_W);
    const before = line.energyWh();
    const watts = line.totalPowerW();
    clock.advance(3_600_000);
    expect(line.energyWh() - before).toBeCloseTo(watts, 6);
    gear(6).setPresent(false, clock.now());
    expect(gear(6).powerWAt(clock.now())).toBe(0);
  });
});
