/**
 * Gateway-level faults on demand (ARCHITECTURE.md §2 "faults on demand"), wrapped around a register-map
 * handler so that every model gets the same ones:
 * - `delayMs`: every answer comes this many real milliseconds late (a slow or overloaded gateway).
 * - `silent`: requests are read and never answered; connections stay open (a hung gateway).
 * - injected exceptions: the next N requests answer exception `code` (e.g. 0x06 SERVER DEVICE BUSY)
 *   without reaching the map.
 * The delay is wall-clock time, not simulated time: it is what the client's timeout sees.
 */
import {
  EXCEPTION_NAMES,
  ModbusExceptionResponse,
  type ExceptionCodeValue,
  type ModbusUnitHandler,
} from '@phare/device-drivers/modbus/types.ts';

export interface GatewayFaultState {
  silent: boolean;
  delayMs: number;
  exceptions: { code: ExceptionCodeValue; remaining: number } | undefined;
}

export class GatewayFaults {
  state: GatewayFaultState = { silent: false, delayMs: 0, exceptions: undefined };

  clear(): void {
    this.state = { silent: false, delayMs: 0, exceptions: undefined };
  }

  /** Queue `count` exception answers with `code`; a count of 0 cancels them. */
  injectExceptions(code: number, count: number): void {
    if (EXCEPTION_NAMES[code] === undefined) throw new RangeError(`unknown Modbus exception code ${code}`);
    this.state.exceptions = count > 0 ? { code: code as ExceptionCodeValue, remaining: count } : undefined;
  }

  wrap(handler: ModbusUnitHandler): ModbusUnitHandler {
    return {
      readRegisters: async (table, address, quantity) => {
        if (!(await this.pass())) return undefined;
        return handler.readRegisters(table, address, quantity);
      },
      writeRegisters: async (address, values) => {
        if (!(await this.pass())) return 'silent';
        return handler.writeRegisters(address, values);
      },
    };
  }

  /** Applies delay, silence and injected exceptions; false means "stay silent". */
  private async pass(): Promise<boolean> {
    const { delayMs } = this.state;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (this.state.silent) return false;
    const injected = this.state.exceptions;
    if (injected) {
      injected.remaining--;
      if (injected.remaining <= 0) this.state.exceptions = undefined;
      throw new ModbusExceptionResponse(injected.code);
    }
    return true;
  }
}
