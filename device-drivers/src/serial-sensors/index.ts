/** Serial water sensors: SDI-12 recorder and driver, free-running ASCII line instruments. */
export { openSerialSensorLink, serialSensorProtocolOf, SerialSensorLink } from './link.ts';
export type { SerialSensorLinkOptions, SerialSensorProtocol, ReceivedLine } from './link.ts';
export type { Sdi12PointDef, AsciiLinePointDef, AsciiLineFormat, AsciiSentenceDef } from './point-def.ts';
export type { Terminator } from './line-splitter.ts';
export { Sdi12SensorDriver, type Sdi12SensorOptions, type Sdi12PointReading } from './sdi12/driver.ts';
export { Sdi12Recorder, type Sdi12Measurement } from './sdi12/recorder.ts';
export { Sdi12Line, type Sdi12LineOptions, type Sdi12LineCounters } from './sdi12/line.ts';
export { sdi12Crc16, encodeSdi12Crc, appendSdi12Crc, checkSdi12Crc } from './sdi12/crc.ts';
export { parseSdi12Values, formatSdi12Value, type Sdi12Value } from './sdi12/values.ts';
export * from './sdi12/commands.ts';
export { AsciiLineSensorDriver, type AsciiLineSensorOptions } from './ascii-line/driver.ts';
export type { StreamStatistics } from './ascii-line/stream-state.ts';
export { nmeaXor, withNmeaChecksum, checkNmeaLine } from './ascii-line/checksum.ts';
