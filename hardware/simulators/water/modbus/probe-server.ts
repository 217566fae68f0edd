/**
 * A Modbus RTU instrument served from its profile's point map: each read encodes the model's current
 * engineering values into registers with the profile's type, scale and word order (the same codec the
 * driver decodes with), on a pty or a raw serial-tcp server, through the existing RTU slave session
 * with the line's timing emulated (modbus-server/rtu-server.ts).
 *
 * A read that touches a register no point covers is answered ILLEGAL DATA ADDRESS (exception 02),
 * as most instruments do for holes in their map. `silent` (faults.ts) makes the unit not answer.
 */
import { silentLogger, type Logger } from '@phare/device-drivers/contract.ts';
import type { ModbusPointDef } from '@phare/device-drivers/modbus/point-def.ts';
import {
  ExceptionCode,
  ModbusExceptionResponse,
  type ModbusUnitHandler,
} from '@phare/device-drivers/modbus/types.ts';
import { encodeRegisters, widthOf } from '@phare/device-drivers/modbus/value-codec.ts';
import type { ByteTransport, SerialSettings } from '@phare/device-drivers/transports/contract.ts';
import { startModbusRtuServer, type ModbusRtuServer } from '../../modbus-server/index.ts';
import type { SerialFaults } from '../faults.ts';
import type { SimLine } from '../sim-line.ts';

export interface ProbeServerOptions {
  line: SimLine;
  serial: SerialSettings;
  unitId: number;
  points: ModbusPointDef[];
  /** Engineering value of a point now; undefined leaves its registers at 0. */
  valueOf(pointId: string): number | undefined;
  faults: SerialFaults;
  logger?: Logger;
}

/** The sim side of the line as a ByteTransport, so the RTU server can use it. */
function lineTransport(line: SimLine, serial: SerialSettings): ByteTransport {
  return {
    description: line.description,
    isSerialLine: true,
    serial,
    isOpen: true,
    open: () => Promise.resolve(),
    write: (data) => line.write(Buffer.from(data)),
    close: () => Promise.resolve(),
    onData: (listener) => line.onData(listener),
    onClose: () => undefined,
  };
}

export function probeHandler(
  options: Pick<ProbeServerOptions, 'points' | 'valueOf' | 'faults'>,
): ModbusUnitHandler {
  return {
    readRegisters(table, address, quantity) {
      if (options.faults.take('silent')) return undefined;
      const words: number[] = new Array<number>(quantity).fill(0);
      const covered = new Array<boolean>(quantity).fill(false);
      for (const def of options.points) {
        if (def.table !== table) continue;
        const width = widthOf(def);
        if (def.address + width <= address || def.address >= address + quantity) continue;
        const value = options.valueOf(def.id);
        const encoded = value === undefined ? new Array<number>(width).fill(0) : encodeRegisters(def, value);
        encoded.forEach((word, i) => {
          const at = def.address + i - address;
          if (at >= 0 && at < quantity) {
            words[at] = word;
            covered[at] = true;
          }
        });
      }
      if (covered.includes(false)) throw new ModbusExceptionResponse(ExceptionCode.IllegalDataAddress);
      return words;
    },
    writeRegisters() {
      throw new ModbusExceptionResponse(ExceptionCode.IllegalFunction);
    },
  };
}

export function startProbeServer(options: ProbeServerOptions): Promise<ModbusRtuServer> {
  const handler = probeHandler(options);
  return startModbusRtuServer({
    transport: lineTransport(options.line, options.serial),
    resolveUnit: (unit) => (unit === options.unitId ? handler : undefined),
    emulateLineTiming: true,
    logger: options.logger ?? silentLogger,
  });
}
