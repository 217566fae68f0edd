/** How serial settings read in logs and errors: `19200 8E1`. */
import type { SerialSettings } from './contract.ts';

export function describeSerial(serial: SerialSettings): string {
  const parity = serial.parity === 'none' ? 'N' : serial.parity === 'even' ? 'E' : 'O';
  return `${serial.baudRate} ${serial.dataBits}${parity}${serial.stopBits}`;
}
