/**
 * What a gateway knows about each gear it commissioned. Real gateways answer Modbus reads from a cache
 * that background DALI queries refresh (protocols.md §1.2 "Consequences", §2.4 WAGO/ICP DAS); the
 * simulator does the same (poller.ts) unless bus timing is off, when reads come straight from the model.
 */
import { MASK } from '@phare/device-drivers/dali/index.ts';
import { DEVICE_TYPE_LED } from './gear-queries.ts';
import type { DaliGear } from './gear.ts';
import type { DaliLine } from './line.ts';

export interface GearReport {
  /** False once a query went unanswered: the gateway then answers 0x0B for this gear (protocols.md §3.2). */
  responding: boolean;
  /** Last QUERY ACTUAL LEVEL answer: 0–254, or MASK during a lamp error. */
  arc: number;
  /** Last QUERY STATUS answer. */
  status: number;
  deviceType: number;
  physicalMinLevel: number;
  minLevel: number;
  maxLevel: number;
  powerOnLevel: number;
  systemFailureLevel: number;
  fadeTimeX: number;
  fadeRateX: number;
}

export interface GearView {
  /** Undefined when no gear was commissioned at this short address. */
  report(shortAddress: number): GearReport | undefined;
  /** Short addresses the gateway commissioned. */
  commissioned(): number[];
  /** "Update All ECG Status" (Intesis +4): re-read everything; `updating` stays true until done. */
  requestUpdate(): void;
  readonly updating: boolean;
  /** After a configuration command: the gateway re-reads the configuration of its gear. */
  configurationChanged(): void;
}

/** The whole report of a gear as it would answer right now, from the model. */
export function reportFromModel(gear: DaliGear, nowMs: number): GearReport {
  return {
    responding: gear.present,
    arc: gear.lampFailure ? MASK : gear.levelAt(nowMs),
    status: gear.statusAt(nowMs),
    deviceType: DEVICE_TYPE_LED,
    physicalMinLevel: gear.physicalMinLevel,
    minLevel: gear.minLevel,
    maxLevel: gear.maxLevel,
    powerOnLevel: gear.powerOnLevel,
    systemFailureLevel: gear.systemFailureLevel,
    fadeTimeX: gear.fadeTimeX,
    fadeRateX: gear.fadeRateX,
  };
}

/** `busTiming: false`: no cache, every read sees the model as it is now. */
export function liveGearView(line: DaliLine): GearView {
  return {
    report(shortAddress) {
      const gear = line.gearAt(shortAddress);
      return gear ? reportFromModel(gear, line.clock.now()) : undefined;
    },
    commissioned: () => line.gear.map((g) => g.settings.shortAddress),
    requestUpdate() {},
    updating: false,
    configurationChanged() {},
  };
}
