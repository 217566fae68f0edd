/**
 * `connectivity`: the link opens, the device identifies itself where its protocol can (OPC-UA
 * BuildInfo, SDI-12 `aI!`, protocols.md §4.1), and a first read answers. Whether the device answers
 * at all decides if the other groups run: a silent device, a wrong unit id (0x0B from a gateway,
 * silence on RTU) or a refused connection stop the run with that explanation, instead of a page of
 * timeouts.
 */
import { PhareError } from '@phare/device-drivers/errors.ts';
import type { OpcuaLink } from '@phare/device-drivers/opcua/index.ts';
import type { SerialSensorLink } from '@phare/device-drivers/serial-sensors/link.ts';
import { failFromError, pass, show, skip, type CheckContext, type PlannedCheck } from '../check-kit.ts';

/** OPC UA Part 5 §12.2.7: Server_ServerStatus_BuildInfo is ns=0;i=2260. Part 6 A.1: Value attribute id 13. */
const BUILD_INFO_NODE = 'ns=0;i=2260';
const VALUE_ATTRIBUTE = 13;

/** Errors that mean nobody answered at this address: further checks would only time out. */
function meansNoDevice(error: unknown): boolean {
  if (!(error instanceof PhareError)) return false;
  if (error.code === 'TIMEOUT' || error.code === 'DISCONNECTED' || error.code === 'FORBIDDEN') return true;
  const exception = error.detail?.['exceptionCode'];
  return exception === 0x0a || exception === 0x0b;
}

export function connectivityChecks(ctx: CheckContext): PlannedCheck[] {
  const { target, session } = ctx;
  const firstReadable = target.points.find((p) => p.readable);
  const checks: PlannedCheck[] = [
    {
      id: 'connectivity.open',
      group: 'connectivity',
      title: { fr: 'Ouverture de la connexion', en: 'Connection opens' },
      mandatory: true,
      expected: `${session.endpoint.uri} accepts a connection within ${target.requestDeadlineMs} ms`,
      run: async () => {
        const started = performance.now();
        try {
          const link = await session.open();
          ctx.connected = true;
          return pass(`${link.description} open in ${Math.round(performance.now() - started)} ms`, {
            fr: 'La connexion est ouverte.',
            en: 'The connection is open.',
          });
        } catch (error) {
          ctx.connected = false;
          return failFromError(error, target.timeoutMs);
        }
      },
    },
  ];

  if (target.protocol === 'opcua' || target.protocol === 'sdi12') {
    checks.push({
      id: 'connectivity.identification',
      group: 'connectivity',
      title: { fr: "Identification de l'appareil", en: 'Device identification' },
      mandatory: true,
      expected:
        target.protocol === 'opcua'
          ? 'the server publishes its BuildInfo (manufacturer, product, software version)'
          : `the sensor answers ${target.sdi12Address}I! with version, vendor, model and firmware (SDI-12 §4.4.4)`,
      run: async () => {
        if (!ctx.connected) return skip(notOpen);
        try {
          const link = await session.open();
          if (target.protocol === 'opcua') {
            const opcua = link as unknown as OpcuaLink;
            const [value] = await opcua.request(`${ctx.profile.id}: read BuildInfo`, (s) =>
              s.read([{ nodeId: BUILD_INFO_NODE, attributeId: VALUE_ATTRIBUTE }]),
            );
            const info = (value?.value.value ?? {}) as Record<string, unknown>;
            for (const key of [
              'manufacturerName',
              'productName',
              'softwareVersion',
              'buildNumber',
              'productUri',
            ])
              if (typeof info[key] === 'string' && info[key] !== '') ctx.identity[key] = info[key];
            if (!ctx.identity['productName'])
              return failFromError(new Error('BuildInfo is empty'), target.timeoutMs);
            return pass(describe(ctx.identity), {
              fr: 'Le serveur donne son fabricant, son produit et sa version logicielle.',
              en: 'The server gives its manufacturer, product and software version.',
            });
          }
          const sdi = (link as SerialSensorLink).sdi12();
          const id = await session.withDeadline(
            sdi.identify(target.sdi12Address ?? '0'),
            target.requestDeadlineMs,
            'aI!',
          );
          Object.assign(ctx.identity, {
            sdi12Version: id.sdiVersion,
            vendor: id.vendor,
            model: id.model,
            sensorVersion: id.sensorVersion,
            ...(id.optional ? { serial: id.optional } : {}),
          });
          return pass(`${id.raw} → ${describe(ctx.identity)}`, {
            fr: `Le capteur répond à l'identification (SDI-12 version ${id.sdiVersion.split('').join('.')}).`,
            en: `The sensor answers identification (SDI-12 version ${id.sdiVersion.split('').join('.')}).`,
          });
        } catch (error) {
          if (meansNoDevice(error)) ctx.connected = false;
          return failFromError(error, target.timeoutMs);
        }
      },
    });
  } else {
    checks.push({
      id: 'connectivity.identification',
      group: 'connectivity',
      title: { fr: "Identification de l'appareil", en: 'Device identification' },
      mandatory: false,
      expected: 'the protocol has a standard identification',
      run: () =>
        Promise.resolve(
          skip(
            target.protocol === 'modbus'
              ? {
                  fr: "Modbus n'a pas d'identification que tous les appareils donnent (FC43/14 est optionnelle) : l'identité est celle que déclare le profil.",
                  en: 'Modbus has no identification every device gives (FC43/14 is optional): the identity is the one the profile declares.',
                }
              : {
                  fr: "Un instrument ASCII à émission continue ne s'identifie pas.",
                  en: 'A free-running ASCII instrument does not identify itself.',
                },
          ),
        ),
    });
  }

  checks.push({
    id: 'connectivity.first-read',
    group: 'connectivity',
    title: { fr: 'Première lecture', en: 'First read' },
    mandatory: true,
    expected: firstReadable
      ? `point ${firstReadable.id} answers a read within ${target.timeoutMs} ms`
      : 'a readable point in the profile',
    run: async () => {
      if (!ctx.connected) return skip(notOpen);
      if (!firstReadable)
        return skip({
          fr: "Le profil (ou la liste de luminaires donnée) n'a aucun point lisible.",
          en: 'The profile (or the luminaires given) has no readable point.',
        });
      try {
        const { reading, latencyMs } = await session.readOne(firstReadable.id);
        return pass(`${firstReadable.id} = ${show(reading.value)} in ${Math.round(latencyMs)} ms`, {
          fr: "L'appareil répond à une lecture.",
          en: 'The device answers a read.',
        });
      } catch (error) {
        if (meansNoDevice(error)) ctx.connected = false;
        return failFromError(error, target.timeoutMs);
      }
    },
  });
  return checks;
}

const notOpen = {
  fr: "Non exécuté : la connexion ne s'est pas ouverte, ou l'appareil n'a pas répondu.",
  en: 'Not run: the connection did not open, or the device did not answer.',
};

function describe(identity: Record<string, string>): string {
  return Object.entries(identity)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}
