/**
 * An `opcua-controller` device: its driver and how to open its link (device-builder.ts).
 *
 * node-opcua takes about 2.5 s to load and prints on stdout, so it is loaded only when an OPC-UA
 * link is first opened, and its logs are routed to ours at once (library-logs.ts). Until then the
 * driver answers `points()` from the profile (the registry builds PointMeta synchronously) and
 * refuses the rest: nothing can be read or written before the link is open anyway.
 *
 * Trust and credentials come from the site device's `opcua` section (site-sections.ts): an unknown
 * server certificate is accepted only with `trust: demo`; the password is read from the environment
 * variable `passwordEnv` names. The client PKI lives under `<dataDir>/pki/opcua`, never $HOME.
 */
import { join } from 'node:path';
import type {
  Driver,
  DriverPointInfo,
  Link,
  Logger,
  PointReading,
  PointSubscription,
  PointWrite,
  ReadRequest,
  WriteReport,
} from '@phare/device-drivers/contract.ts';
import type { Endpoint } from '@phare/device-drivers/endpoint.ts';
import { ConfigInvalid, Disconnected } from '@phare/device-drivers/errors.ts';
import type { OpcuaDeviceOptions } from '@phare/device-drivers/opcua/point-def.ts';
import type { OpcuaDeviceDriver, OpcuaLink } from '@phare/device-drivers/opcua/index.ts';
import { opcuaPointsOf } from '../config/schema/profile.ts';
import type { ProfileInput, SiteDeviceInput } from './site-input.ts';

type OpcuaModule = typeof import('@phare/device-drivers/opcua/index.ts');
let loading: Promise<OpcuaModule> | undefined;

/** Loads the OPC-UA driver module once per process, routing node-opcua's own logs to `logger`. */
export function loadOpcuaModule(logger: Logger): Promise<OpcuaModule> {
  loading ??= import('@phare/device-drivers/opcua/index.ts').then((module) => {
    module.routeOpcuaLibraryLogs(logger);
    return module;
  });
  return loading;
}

/** Installation-wide OPC-UA settings (phare.config.yaml `opcua`). */
export interface OpcuaPolicy {
  pkiDir?: string;
  /** `site`: each device's `opcua.trust` applies; `explicit`: never accept an unknown certificate. */
  trust?: 'site' | 'explicit';
}

/** The client PKI of the controller (own/, trusted/, rejected/), as `phare certs` uses it. */
export function opcuaPkiDir(dataDir: string): string {
  return join(dataDir, 'pki', 'opcua');
}

function infoType(dataType: string | undefined): DriverPointInfo['type'] {
  if (dataType === 'Boolean') return 'boolean';
  if (dataType === 'String') return 'string';
  if (dataType === undefined || dataType === 'Float' || dataType === 'Double') return 'number';
  return 'integer';
}

/** OpcuaDeviceDriver behind a lazy load: see the top of this file. */
export class OpcuaControllerDriver implements Driver {
  readonly protocol = 'opcua';
  private real: OpcuaDeviceDriver | undefined;

  constructor(private readonly options: OpcuaDeviceOptions & { deviceId: string }) {}

  /** Creates the real driver (once); ConfigInvalid when a point definition is refused. */
  async load(logger: Logger): Promise<OpcuaModule> {
    const module = await loadOpcuaModule(logger);
    this.real ??= new module.OpcuaDeviceDriver(this.options);
    return module;
  }

  private loaded(): OpcuaDeviceDriver {
    if (!this.real)
      throw new Disconnected(`${this.options.deviceId}: the OPC-UA link is not open yet`, {
        device: this.options.deviceId,
      });
    return this.real;
  }

  points(): DriverPointInfo[] {
    return this.options.points.map((def) => ({
      id: def.id,
      type: infoType(def.dataType),
      access: def.access,
      ...(def.unit ? { unit: def.unit } : {}),
      ...(def.range ? { range: def.range } : {}),
    }));
  }

  planReads(pointIds: string[]): ReadRequest[] {
    return this.loaded().planReads(pointIds);
  }

  read(link: Link, request: ReadRequest): Promise<PointReading[]> {
    return this.loaded().read(link as OpcuaLink, request);
  }

  write(link: Link, writes: PointWrite[]): Promise<WriteReport> {
    return this.loaded().write(link as OpcuaLink, writes);
  }

  subscribe(
    link: Link,
    pointIds: string[],
    onChange: (reading: PointReading) => void,
  ): Promise<PointSubscription> {
    return this.loaded().subscribe(link as OpcuaLink, pointIds, onChange);
  }
}

export interface OpcuaBuildContext {
  dataDir: string;
  logger: Logger;
  /** phare.config.yaml `opcua`: PKI folder (default <dataDir>/pki/opcua); `explicit` overrides `trust: demo`. */
  opcua?: OpcuaPolicy;
  env?: NodeJS.ProcessEnv;
}

export function buildOpcuaDevice(
  site: SiteDeviceInput,
  profile: ProfileInput,
  endpoint: Endpoint,
  context: OpcuaBuildContext,
): { driver: OpcuaControllerDriver; openLink: () => Promise<Link>; maxAgeMs?: number } {
  const driver = new OpcuaControllerDriver({ deviceId: site.id, points: opcuaPointsOf(profile) });
  const section = site.opcua;
  const connection = profile.connection;
  const trustUnknown = section?.trust === 'demo' && context.opcua?.trust !== 'explicit';
  if (trustUnknown && endpoint.location.kind === 'tcp' && !isLoopback(endpoint.location.host))
    context.logger.warn(
      `device ${site.id}: trust: demo accepts any server certificate from ${endpoint.uri}; ` +
        'use it for simulators only, and `phare certs trust` for real controllers',
    );
  const openLink = async (): Promise<Link> => {
    const module = await driver.load(context.logger);
    return module.openOpcuaLink(endpoint, {
      ...securityOf(
        section?.securityMode ?? connection.securityMode,
        section?.securityPolicy ?? connection.securityPolicy,
      ),
      ...identityOf(site, context.env ?? process.env),
      pkiDir: context.opcua?.pkiDir ?? opcuaPkiDir(context.dataDir),
      trustUnknownServerCertificates: trustUnknown,
      timeoutMs: connection.timeoutMs,
      ...(connection.samplingIntervalMs !== undefined
        ? { samplingIntervalMs: connection.samplingIntervalMs }
        : {}),
      device: site.id,
      logger: context.logger,
    });
  };
  return { driver, openLink, ...(section?.maxAgeMs !== undefined ? { maxAgeMs: section.maxAgeMs } : {}) };
}

function securityOf(
  mode: ProfileInput['connection']['securityMode'],
  policy: ProfileInput['connection']['securityPolicy'],
) {
  return { ...(mode ? { securityMode: mode } : {}), ...(policy ? { securityPolicy: policy } : {}) };
}

function identityOf(
  site: SiteDeviceInput,
  env: NodeJS.ProcessEnv,
): { userIdentity?: { username: string; password: string } } {
  const section = site.opcua;
  if (!section?.username) return {};
  const variable = section.passwordEnv;
  const password = variable ? env[variable] : '';
  if (password === undefined)
    throw new ConfigInvalid(
      `device ${site.id}: user ${section.username} needs its password in the environment variable ${variable}, which is not set`,
      { device: site.id },
    );
  return { userIdentity: { username: section.username, password } };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
