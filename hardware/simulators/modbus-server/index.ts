/** Modbus servers for simulators: TCP (MBAP), RTU on a serial line or pty, and RTU over TCP. */
export { startModbusTcpServer, type ModbusTcpServer, type ModbusTcpServerOptions } from './tcp-server.ts';
export { startModbusRtuServer, type ModbusRtuServer, type ModbusRtuServerOptions } from './rtu-server.ts';
export {
  startModbusRtuOverTcpServer,
  type ModbusRtuOverTcpServer,
  type ModbusRtuOverTcpServerOptions,
} from './rtu-over-tcp-server.ts';
export type { ServerStats } from './tcp-listener.ts';
export type { RtuLineStats } from './rtu-slave-session.ts';
