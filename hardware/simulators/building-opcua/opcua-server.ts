/**
 * One OPC-UA server instance for the building simulator: security, users, PKI and the address space.
 * `startBuildingSimulator` (index.ts) creates a new one on each restart, on the same port and the
 * same PKI folder, so the server keeps its certificate and clients that trusted it still do.
 *
 * Security (protocols.md §5.2): endpoints None, Sign and SignAndEncrypt with Basic256Sha256 (plus
 * None). Basic128Rsa15 is not offered: on Node ≥ 20.11 it needs --security-revert=CVE-2023-46809
 * (pitfall 2). The server accepts every client certificate (a simulator is a demo peer) but keeps
 * its own PKI under `pkiDir/server`, never in the home folder (node-opcua's default).
 */
import { join } from 'node:path';
import {
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAServer,
  SecurityPolicy,
  type AddressSpace,
} from 'node-opcua';
import {
  NAMESPACE_URI,
  buildBuildingAddressSpace,
  type BuildingAddressSpaceContext,
} from './address-space.ts';

export interface UserCredentials {
  username: string;
  password: string;
}

export interface BuildingServerOptions {
  port: number;
  host: string;
  pkiDir: string;
  users: readonly UserCredentials[];
  allowAnonymous: boolean;
  context: BuildingAddressSpaceContext;
}

export const RESOURCE_PATH = '/phare/building';

export async function startBuildingServer(options: BuildingServerOptions): Promise<OPCUAServer> {
  const serverCertificateManager = new OPCUACertificateManager({
    rootFolder: join(options.pkiDir, 'server'),
    automaticallyAcceptUnknownCertificate: true,
  });
  const userCertificateManager = new OPCUACertificateManager({
    rootFolder: join(options.pkiDir, 'user'),
    automaticallyAcceptUnknownCertificate: false,
  });
  const server = new OPCUAServer({
    port: options.port,
    host: options.host,
    hostname: options.host,
    resourcePath: RESOURCE_PATH,
    serverCertificateManager,
    userCertificateManager,
    securityModes: [MessageSecurityMode.None, MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt],
    securityPolicies: [SecurityPolicy.None, SecurityPolicy.Basic256Sha256],
    allowAnonymous: options.allowAnonymous,
    userManager: {
      isValidUser: (username: string, password: string) =>
        options.users.some((user) => user.username === username && user.password === password),
    },
    buildInfo: {
      productName: 'Phare building controller simulator',
      manufacturerName: 'Phare',
      productUri: NAMESPACE_URI,
      softwareVersion: '1.0.0',
    },
    serverInfo: {
      applicationUri: `${NAMESPACE_URI}:server`,
      productUri: NAMESPACE_URI,
      applicationName: { text: 'Phare building simulator', locale: 'en' },
    },
    // A simulator never announces itself on the network (no LDS, no mDNS).
    registerServerMethod: 1,
  });
  await server.initialize();
  buildBuildingAddressSpace(server.engine.addressSpace as AddressSpace, options.context);
  await server.start();
  return server;
}

/** Monitored items per NodeId across every session and subscription of the server. */
export function countMonitoredItems(server: OPCUAServer): Map<string, number> {
  const counts = new Map<string, number>();
  for (const session of server.engine.getSessions()) {
    for (const subscription of session.publishEngine.subscriptions) {
      for (const id of subscription.getMonitoredItems().serverHandles) {
        const item = subscription.getMonitoredItem(id);
        const nodeId = item?.node?.nodeId.toString();
        if (nodeId) counts.set(nodeId, (counts.get(nodeId) ?? 0) + 1);
      }
    }
  }
  return counts;
}
