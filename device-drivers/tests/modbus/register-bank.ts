/**
 * Test helper: a plain Modbus unit for our servers to serve, four tables of values in maps, with
 * faults a test can switch on (silence, an exception for every request). Unset addresses read 0.
 */
import {
  ModbusExceptionResponse,
  type ExceptionCodeValue,
  type ModbusUnitHandler,
} from '@phare/device-drivers/modbus/types.ts';

export interface RegisterBank extends ModbusUnitHandler {
  holding: Map<number, number>;
  input: Map<number, number>;
  coils: Map<number, boolean>;
  discrete: Map<number, boolean>;
  /** Every request answers nothing (a dead unit). */
  silent: boolean;
  /** Every request answers this exception. */
  failWith: ExceptionCodeValue | undefined;
  /** Milliseconds each request takes before answering. */
  delayMs: number;
  /** Requests handled, by kind, for tests that count what reached the unit. */
  log: string[];
}

export function createRegisterBank(
  initial: Partial<Pick<RegisterBank, 'holding' | 'input' | 'coils' | 'discrete'>> = {},
): RegisterBank {
  const bank: RegisterBank = {
    holding: initial.holding ?? new Map(),
    input: initial.input ?? new Map(),
    coils: initial.coils ?? new Map(),
    discrete: initial.discrete ?? new Map(),
    silent: false,
    failWith: undefined,
    delayMs: 0,
    log: [],
    async readRegisters(table, address, quantity) {
      if (!(await ready(`read ${table} ${address} ${quantity}`))) return undefined;
      const source = table === 'holding' ? bank.holding : bank.input;
      return Array.from({ length: quantity }, (_, i) => source.get(address + i) ?? 0);
    },
    async readBits(table, address, quantity) {
      if (!(await ready(`read ${table} ${address} ${quantity}`))) return undefined;
      const source = table === 'coil' ? bank.coils : bank.discrete;
      return Array.from({ length: quantity }, (_, i) => source.get(address + i) ?? false);
    },
    async writeRegisters(address, values) {
      if (!(await ready(`write holding ${address} ${values.length}`))) return 'silent';
      values.forEach((value, i) => bank.holding.set(address + i, value));
    },
    async writeCoils(address, values) {
      if (!(await ready(`write coil ${address} ${values.length}`))) return 'silent';
      values.forEach((value, i) => bank.coils.set(address + i, value));
    },
  };
  const ready = async (entry: string): Promise<boolean> => {
    bank.log.push(entry);
    if (bank.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, bank.delayMs));
    if (bank.failWith !== undefined) throw new ModbusExceptionResponse(bank.failWith);
    return !bank.silent;
  };
  return bank;
}
