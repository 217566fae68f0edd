/**
 * Compile-time proof that what the schemas produce is what the drivers consume: if a driver type
 * and the schema drift apart, `tsc` fails here rather than a device at run time.
 */
import type { DaliGatewayMap, LuminaireDef } from '@phare/device-drivers/dali/gateway-map.ts';
import type {
  FirmataComponentDef,
  FirmataComponentType,
} from '@phare/device-drivers/firmata/component-def.ts';
import type { ModbusPointDef } from '@phare/device-drivers/modbus/point-def.ts';
import type { OpcuaDataTypeName, OpcuaPointDef } from '@phare/device-drivers/opcua/point-def.ts';
import type { OpcuaSecurityMode, OpcuaSecurityPolicy } from '@phare/device-drivers/opcua/security.ts';
import type {
  AsciiLineFormat,
  AsciiLinePointDef,
  Sdi12PointDef,
} from '@phare/device-drivers/serial-sensors/point-def.ts';
import type {
  DaliSection,
  FirmataProfileComponent,
  OpcuaProfilePoint,
  Profile,
  ProfilePoint,
  SerialSensorPoint,
  SerialSensorSection,
} from './profile.ts';
import type { FIRMATA_COMPONENT_TYPES } from './firmata-components.ts';
import type { OPCUA_DATA_TYPE_NAMES, OPCUA_SECURITY_MODES, OPCUA_SECURITY_POLICIES } from './opcua-points.ts';
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
  // OPC-UA: a profile point is what OpcuaDeviceDriver consumes; the schema's enums are the driver's.
  Assignable<OpcuaProfilePoint, OpcuaPointDef>,
  Assignable<(typeof OPCUA_DATA_TYPE_NAMES)[number], OpcuaDataTypeName>,
  Assignable<OpcuaDataTypeName, (typeof OPCUA_DATA_TYPE_NAMES)[number]>,
  Assignable<(typeof OPCUA_SECURITY_MODES)[number], OpcuaSecurityMode>,
  Assignable<OpcuaSecurityMode, (typeof OPCUA_SECURITY_MODES)[number]>,
  Assignable<(typeof OPCUA_SECURITY_POLICIES)[number], OpcuaSecurityPolicy>,
  Assignable<OpcuaSecurityPolicy, (typeof OPCUA_SECURITY_POLICIES)[number]>,
  Assignable<NonNullable<Profile['connection']['securityMode']>, OpcuaSecurityMode>,
  // Firmata: a profile component is what FirmataBoardDriver consumes; the type lists are the same.
  Assignable<FirmataProfileComponent, FirmataComponentDef>,
  Assignable<(typeof FIRMATA_COMPONENT_TYPES)[number], FirmataComponentType>,
  Assignable<FirmataComponentType, (typeof FIRMATA_COMPONENT_TYPES)[number]>,
  Assignable<Luminaire, LuminaireDef>,
  Assignable<Workstream, WireWorkstream>,
  Assignable<WireWorkstream, Workstream>,
];
