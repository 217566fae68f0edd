/**
 * Compile-time proof that what the schemas produce is what the drivers consume: if a driver type
 * and the schema drift apart, `tsc` fails here rather than a device at run time.
 */
import type { DaliGatewayMap, LuminaireDef } from '@phare/device-drivers/dali/gateway-map.ts';
import type { ModbusPointDef } from '@phare/device-drivers/modbus/point-def.ts';
import type {
  AsciiLineFormat,
  AsciiLinePointDef,
  Sdi12PointDef,
} from '@phare/device-drivers/serial-sensors/point-def.ts';
import type { DaliSection, ProfilePoint, SerialSensorPoint, SerialSensorSection } from './profile.ts';
import type { Luminaire, Workstream } from './site.ts';
import type { Workstream as WireWorkstream } from '../../api/wire.ts';

type Assignable<T extends U, U> = [T, U];

export type SchemaMatchesDrivers = [
  Assignable<DaliSection, DaliGatewayMap>,
  Assignable<ProfilePoint, ModbusPointDef>,
  // Once checked per protocol (serial-sensor.ts), a serial point carries what each driver needs.
  Assignable<SerialSensorPoint & { command: string; valueIndex: number }, Sdi12PointDef>,
  Assignable<SerialSensorPoint & { sentence: string; group: string }, AsciiLinePointDef>,
  Assignable<
    Required<Pick<SerialSensorSection, 'terminator' | 'checksum' | 'maxAgeMs'>> & {
      sentences: { id: string; pattern: string }[];
    },
    AsciiLineFormat
  >,
  Assignable<Luminaire, LuminaireDef>,
  Assignable<Workstream, WireWorkstream>,
  Assignable<WireWorkstream, Workstream>,
];
