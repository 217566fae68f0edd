/**
 * A node-opcua server for the OPC-UA benchmark, run as its own process (`node --import tsx`) so the
 * benchmark's process.cpuUsage() counts only the client side: N Double variables
 * `ns=1;s=Load.V000`… whose values all change every `changeMs` (minimumSamplingInterval 100 ms:
 * protocols.md §5.3 pitfall 4, without it node-opcua samples at 1 s).
 *
 * Usage: opcua-load-server.ts <pkiDir> <count> <changeMs>. Prints one JSON line
 * `{"endpointUrl": …}` when listening; exits when its stdin closes (the benchmark ended or died),
 * so it never outlives the benchmark. PKI under <pkiDir>, never the home folder.
 */
import { join } from 'node:path';
import {
  DataType,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAServer,
  SecurityPolicy,
  Variant,
  type UAVariable,
} from 'node-opcua';

const [pkiDir, countText = '500', changeText = '100'] = process.argv.slice(2);
if (!pkiDir) throw new Error('usage: opcua-load-server.ts <pkiDir> <count> <changeMs>');
const count = Number(countText);
const changeMs = Number(changeText);

const server = new OPCUAServer({
  port: 0,
  host: '127.0.0.1',
  hostname: '127.0.0.1',
  resourcePath: '/phare/bench',
  serverCertificateManager: new OPCUACertificateManager({
    rootFolder: join(pkiDir, 'server'),
    automaticallyAcceptUnknownCertificate: true,
  }),
  userCertificateManager: new OPCUACertificateManager({
    rootFolder: join(pkiDir, 'user'),
    automaticallyAcceptUnknownCertificate: false,
  }),
  securityModes: [MessageSecurityMode.None],
  securityPolicies: [SecurityPolicy.None],
  allowAnonymous: true,
  registerServerMethod: 1, // no LDS, no mDNS
});
await server.initialize();
const addressSpace = server.engine.addressSpace!;
const namespace = addressSpace.getOwnNamespace();
const folder = namespace.addFolder(addressSpace.rootFolder.objects, { browseName: 'Load' });
const variables: UAVariable[] = [];
for (let i = 0; i < count; i++) {
  variables.push(
    namespace.addVariable({
      componentOf: folder,
      browseName: `V${String(i).padStart(3, '0')}`,
      nodeId: `s=Load.V${String(i).padStart(3, '0')}`,
      dataType: 'Double',
      minimumSamplingInterval: 100,
      value: new Variant({ dataType: DataType.Double, value: i }),
    }),
  );
}
let tick = 0;
const timer = setInterval(() => {
  tick++;
  for (let i = 0; i < variables.length; i++) {
    variables[i]!.setValueFromSource(new Variant({ dataType: DataType.Double, value: tick * 1000 + i }));
  }
}, changeMs);
await server.start();
process.stdout.write(`${JSON.stringify({ endpointUrl: server.getEndpointUrl() })}\n`);

const shutdown = async (): Promise<void> => {
  clearInterval(timer);
  await server.shutdown(0).catch(() => undefined);
  process.exit(0);
};
process.stdin.on('end', () => void shutdown());
process.stdin.on('close', () => void shutdown());
process.stdin.resume();
process.on('SIGTERM', () => void shutdown());
