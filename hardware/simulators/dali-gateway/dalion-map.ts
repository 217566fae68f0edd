/**
 * BACmove DALION Modbus TCP receiver (https://docs.bacmove.com/docs/dalion/en/network-control-modbus-tcp/;
 * protocols.md §2.3): 512 holding registers, 4 DALI channels × 128, values 0–255.
 *
 * The DALION is a receiver: it does not poll its gear, and reads return what was last written.
 * - Level registers (lamp 0–63, group 64–79, broadcast 80): level = value × 100 / 255 % of light output,
 *   which the gear reach along the DALI log curve; applied on every write (level-triggered).
 * - Scene registers (group 81–96, broadcast 97): 1–16 recall scenes 1–16 (DALI scenes 0–15), 0 and
 *   values above 16 do nothing; edge-triggered, "recalled once when the value changes".
 * - DT8 colour temperature (98–114), commander start/stop (115/116) and reserved registers are stored only.
 * Only the channel given as `line` has simulated gear; frames for the other channels go nowhere.
 */
import {
  BROADCAST,
  command,
  dapc,
  groupAddress,
  levelCodec,
  percentToArc,
  shortAddress as gearShort,
  type GearAddress,
  type SequenceStep,
} from '@phare/device-drivers/dali/index.ts';
import {
  ExceptionCode,
  ModbusExceptionResponse,
  type ModbusUnitHandler,
} from '@phare/device-drivers/modbus/types.ts';
import { GatewayCommandQueue, step } from './command-queue.ts';

export const DALION_LAYOUT = {
  channels: 4,
  perChannel: 128,
  registerCount: 512,
  maxValue: 255,
  lamp: { first: 0, count: 64 },
  groupLevel: { first: 64, count: 16 },
  broadcastLevel: 80,
  groupScene: { first: 81, count: 16 },
  broadcastScene: 97,
  /** Scene register values 1–16 select DALI scenes 0–15 (sceneBase 1 in the profile). */
  sceneBase: 1,
} as const;

type Slot =
  { kind: 'level'; target: GearAddress } | { kind: 'scene'; target: GearAddress } | { kind: 'stored' };

/** What the register at `offset` (0–127) of a channel block does. */
export function dalionSlot(offset: number): Slot {
  const L = DALION_LAYOUT;
  if (offset < L.lamp.first + L.lamp.count)
    return { kind: 'level', target: gearShort(offset - L.lamp.first) };
  if (offset < L.groupLevel.first + L.groupLevel.count) {
    return { kind: 'level', target: groupAddress(offset - L.groupLevel.first) };
  }
  if (offset === L.broadcastLevel) return { kind: 'level', target: BROADCAST };
  if (offset < L.groupScene.first + L.groupScene.count) {
    return { kind: 'scene', target: groupAddress(offset - L.groupScene.first) };
  }
  if (offset === L.broadcastScene) return { kind: 'scene', target: BROADCAST };
  return { kind: 'stored' };
}

const linear255 = levelCodec('linear255');

/** DAPC level for a DALION level value: linear percent of light output, then the log curve. */
export function dalionArc(value: number): number {
  return percentToArc(linear255.decode(value));
}

export interface DalionHandler extends ModbusUnitHandler {
  reset(): void;
}

export function createDalionHandler(options: {
  lineNumber: number;
  queue: GatewayCommandQueue;
}): DalionHandler {
  const L = DALION_LAYOUT;
  const registers = new Array<number>(L.registerCount).fill(0);

  function checkRange(address: number, quantity: number): void {
    if (address + quantity > L.registerCount)
      throw new ModbusExceptionResponse(ExceptionCode.IllegalDataAddress);
  }

  function stepsFor(address: number, value: number): SequenceStep[] {
    if (Math.floor(address / L.perChannel) !== options.lineNumber) return [];
    const slot = dalionSlot(address % L.perChannel);
    if (slot.kind === 'level') return [step(dapc(slot.target, dalionArc(value)))];
    if (slot.kind === 'scene') {
      const changed = registers[address] !== value;
      const scene = value - L.sceneBase;
      if (!changed || scene < 0 || scene > 15) return [];
      return [step(command(slot.target, 'GO TO SCENE', scene))];
    }
    return [];
  }

  return {
    readRegisters(table, address, quantity) {
      // The DALION documents holding registers only; FC04 is refused as an unsupported function.
      if (table !== 'holding') throw new ModbusExceptionResponse(ExceptionCode.IllegalFunction);
      checkRange(address, quantity);
      return registers.slice(address, address + quantity);
    },

    writeRegisters(address, values) {
      checkRange(address, values.length);
      if (values.some((v) => v > L.maxValue))
        throw new ModbusExceptionResponse(ExceptionCode.IllegalDataValue);
      const plan = values.map((value, i) => stepsFor(address + i, value));
      queue(plan);
      values.forEach((value, i) => (registers[address + i] = value));
    },

    reset() {
      registers.fill(0);
    },
  };

  function queue(plan: SequenceStep[][]): void {
    options.queue.checkRoom(plan.reduce((sum, steps) => sum + GatewayCommandQueue.frameCount(steps), 0));
    for (const steps of plan) options.queue.enqueue(steps);
  }
}
