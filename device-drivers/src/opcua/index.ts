/** OPC-UA driver: link (client + session + subscription), device driver, discovery, PKI helpers. */
export {
  openOpcuaLink,
  OpcuaLink,
  type OpcuaLinkOptions,
  type OpcuaLinkEvent,
  type DataChangeListener,
} from './link.ts';
export { OpcuaDeviceDriver } from './device.ts';
export {
  OPCUA_DATA_TYPES,
  type OpcuaPointDef,
  type OpcuaDeviceOptions,
  type OpcuaDataTypeName,
} from './point-def.ts';
export {
  discoverOpcua,
  pointIdSegment,
  type DraftProfile,
  type DraftPoint,
  type DiscoveryOptions,
} from './discovery.ts';
export { draftProfileYaml } from './draft-yaml.ts';
export {
  listCertificates,
  trustCertificate,
  rejectCertificate,
  createClientCertificateManager,
  type CertificateInfo,
  type PkiListing,
} from './pki.ts';
export {
  SECURITY_MODES,
  SECURITY_POLICIES,
  resolveSecurity,
  type OpcuaSecurityMode,
  type OpcuaSecurityPolicy,
} from './security.ts';
export { ucumOfUnitId, uneceCodeOf } from './units.ts';
export { errorForStatus, qualityOf, wrapOpcuaError } from './status-errors.ts';
export { routeOpcuaLibraryLogs } from './library-logs.ts';
