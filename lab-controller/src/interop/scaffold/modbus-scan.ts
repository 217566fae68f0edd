/**
 * Finds which registers a Modbus device has, for a first draft of its profile: reads a range of
 * holding and input registers in chunks; a chunk answered with exception 0x02 ILLEGAL DATA ADDRESS
 * (Modbus Application Protocol V1.1b3 §7: some address in start..start+quantity does not exist) is
 * split in two and each half read again, down to single registers, so holes in the map are found
 * with a few requests. Exception 0x01 (the device has no such table) ends that table. Requests are
 * rate-limited, and two silent requests in a row end the scan: a device that does not answer at
 * this unit id is not hammered.
 */
import { silentLogger, type Logger } from '@phare/device-drivers/contract.ts';
import { PhareError, Timeout } from '@phare/device-drivers/errors.ts';
import type { ModbusClient } from '@phare/device-drivers/modbus/client-contract.ts';
import { MAX_READ_REGISTERS } from '@phare/device-drivers/modbus/types.ts';

export type ScannedTable = 'holding' | 'input';

export interface ScanOptions {
  unit: number;
  from: number;
  to: number;
  tables: ScannedTable[];
  /** Registers per first read. Default 50 (at most 125, §6.3). */
  chunk?: number;
  /** Minimum time between two requests. Default 50 ms. */
  minRequestIntervalMs?: number;
  logger?: Logger;
}

export interface FoundRegister {
  table: ScannedTable;
  address: number;
  value: number;
}

export interface ScanResult {
  found: FoundRegister[];
  /** Inclusive ranges that answered exception 0x02, per table. */
  absent: { table: ScannedTable; from: number; to: number }[];
  /** Tables the device refused outright (exception 0x01). */
  refusedTables: ScannedTable[];
  requests: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function exceptionOf(error: unknown): number | undefined {
  const code = error instanceof PhareError ? error.detail?.['exceptionCode'] : undefined;
  return typeof code === 'number' ? code : undefined;
}

export async function scanRegisters(client: ModbusClient, options: ScanOptions): Promise<ScanResult> {
  const logger = options.logger ?? silentLogger;
  const chunk = Math.max(1, Math.min(MAX_READ_REGISTERS, options.chunk ?? 50));
  const interval = options.minRequestIntervalMs ?? 50;
  const result: ScanResult = { found: [], absent: [], refusedTables: [], requests: 0 };
  let last = 0;
  let silentInARow = 0;
  let gaveUp: Timeout | undefined;

  const read = async (table: ScannedTable, start: number, quantity: number): Promise<number[]> => {
    const wait = last + interval - Date.now();
    if (wait > 0) await sleep(wait);
    last = Date.now();
    result.requests++;
    try {
      const words = await client.readRegisters(options.unit, table, start, quantity);
      silentInARow = 0;
      return words;
    } catch (error) {
      if (error instanceof PhareError && error.code === 'TIMEOUT' && ++silentInARow >= 2)
        throw (gaveUp = new Timeout(
          `unit ${options.unit} did not answer two reads in a row (${table} ${start}..${start + quantity - 1}): check the unit id and the line settings`,
          { cause: error, detail: { unit: options.unit } },
        ));
      throw error;
    }
  };

  const absent = (table: ScannedTable, address: number): void => {
    const previous = result.absent.at(-1);
    if (previous && previous.table === table && previous.to === address - 1) previous.to = address;
    else result.absent.push({ table, from: address, to: address });
  };

  /** False when the table turned out not to exist. */
  const scan = async (table: ScannedTable, start: number, end: number): Promise<boolean> => {
    const quantity = end - start + 1;
    try {
      const words = await read(table, start, quantity);
      words.forEach((value, i) => result.found.push({ table, address: start + i, value }));
      return true;
    } catch (error) {
      if (error === gaveUp) throw error;
      const code = exceptionOf(error);
      if (code === 0x01) return false;
      // 0x02 (and 0x03 from devices that reject the quantity): something in the range is missing.
      if (code !== 0x02 && code !== 0x03 && !(error instanceof PhareError && error.code === 'TIMEOUT'))
        throw error;
      if (quantity === 1) {
        absent(table, start);
        return true;
      }
      const middle = start + Math.floor(quantity / 2) - 1;
      return (await scan(table, start, middle)) && scan(table, middle + 1, end);
    }
  };

  for (const table of options.tables) {
    for (let start = options.from; start <= options.to; start += chunk) {
      const end = Math.min(options.to, start + chunk - 1);
      if (!(await scan(table, start, end))) {
        logger.info('table refused (exception 01)', { table });
        result.refusedTables.push(table);
        break;
      }
    }
  }
  result.found.sort((a, b) => (a.table === b.table ? a.address - b.address : a.table < b.table ? -1 : 1));
  return result;
}
