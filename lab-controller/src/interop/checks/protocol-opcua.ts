/**
 * `protocol` for OPC-UA (protocols.md §5.1): every point's node resolves (browse paths translate,
 * NodeIds exist), numeric points are AnalogItems carrying EURange and EngineeringUnits that agree
 * with the profile (OPC UA Part 8 §5.3.2.3; recommended, since PLC symbols often have neither), and
 * a subscription delivers values (Phare monitors OPC-UA points instead of polling them).
 */
import type { PointReading } from '@phare/device-drivers/contract.ts';
import type { OpcuaLink } from '@phare/device-drivers/opcua/index.ts';
import { ucumOfUnitId } from '@phare/device-drivers/opcua/units.ts';
import {
  fail,
  failFromError,
  NOT_CONNECTED,
  pass,
  show,
  skip,
  type CheckContext,
  type PlannedCheck,
} from '../check-kit.ts';

/** Attribute ids, OPC UA Part 6 Annex A.1. */
const BROWSE_NAME = 3;
const VALUE = 13;
/** BrowseDirection.Forward (Part 4 §7.5) and the result mask of every field. */
const FORWARD = 0;
const ALL_RESULT_FIELDS = 0x3f;

interface AnalogFacts {
  range?: { min: number; max: number };
  unitId?: number;
  unitName?: string;
}

async function analogFacts(link: OpcuaLink, nodeId: string): Promise<AnalogFacts> {
  const browse = await link.request(`browse properties of ${nodeId}`, (s) =>
    s.browse({
      nodeId,
      referenceTypeId: 'HasProperty',
      includeSubtypes: true,
      browseDirection: FORWARD,
      nodeClassMask: 0,
      resultMask: ALL_RESULT_FIELDS,
    }),
  );
  const byName = new Map(
    (browse.references ?? []).map((r) => [r.browseName.name ?? '', r.nodeId.toString()]),
  );
  const wanted = ['EURange', 'EngineeringUnits'].filter((n) => byName.has(n));
  if (wanted.length === 0) return {};
  const values = await link.request(`read EURange/EngineeringUnits of ${nodeId}`, (s) =>
    s.read(wanted.map((n) => ({ nodeId: byName.get(n)!, attributeId: VALUE }))),
  );
  const facts: AnalogFacts = {};
  wanted.forEach((name, i) => {
    const value = values[i]?.value.value as Record<string, unknown> | null | undefined;
    if (!value) return;
    if (name === 'EURange' && typeof value['low'] === 'number' && typeof value['high'] === 'number')
      facts.range = { min: value['low'], max: value['high'] };
    if (name === 'EngineeringUnits' && typeof value['unitId'] === 'number') {
      facts.unitId = value['unitId'];
      const display = value['displayName'] as { text?: string } | undefined;
      if (display?.text) facts.unitName = display.text;
    }
  });
  return facts;
}

export function opcuaProtocolChecks(ctx: CheckContext): PlannedCheck[] {
  const { target, session } = ctx;
  const driver = target.opcuaDriver!;
  const checks: PlannedCheck[] = [];
  for (const point of target.points) {
    const def = driver.definition(point.id);
    checks.push({
      id: `protocol.node.${point.id}`,
      group: 'protocol',
      title: { fr: `Nœud de ${point.label.fr}`, en: `Node of ${point.label.en}` },
      mandatory: true,
      expected: def.browsePath ? `browse path ${def.browsePath} resolves` : `node ${def.nodeId} exists`,
      run: async () => {
        if (!ctx.connected) return skip(NOT_CONNECTED);
        try {
          const link = (await session.open()) as unknown as OpcuaLink;
          const nodeId = await driver.nodeIdOf(link, point.id);
          const [name] = await link.request(`read BrowseName of ${nodeId}`, (s) =>
            s.read([{ nodeId, attributeId: BROWSE_NAME }]),
          );
          if (!name?.statusCode.isGood())
            return fail(`${nodeId}: ${name?.statusCode.name ?? 'no answer'}`, {
              fr: "Le nœud n'existe pas sur le serveur : corrigez nodeId ou browsePath dans le profil (un navigateur OPC-UA, ou `phare profile scaffold`, montre les nœuds).",
              en: 'The node does not exist on the server: fix nodeId or browsePath in the profile (an OPC-UA browser, or `phare profile scaffold`, shows the nodes).',
            });
          return pass(`${nodeId} (${String((name.value.value as { name?: string } | null)?.name ?? '')})`, {
            fr: 'Le nœud existe.',
            en: 'The node exists.',
          });
        } catch (error) {
          return failFromError(error, target.timeoutMs);
        }
      },
    });
    // Integer nodes are usually enumerations (a mode), not AnalogItems.
    if (point.type !== 'number') continue;
    checks.push({
      id: `protocol.analog.${point.id}`,
      group: 'protocol',
      title: { fr: `EURange et unité de ${point.label.fr}`, en: `EURange and unit of ${point.label.en}` },
      mandatory: false,
      expected: `AnalogItem with EURange${point.range ? ` ${point.range.min}…${point.range.max}` : ''} and EngineeringUnits${point.unit ? ` = ${point.unit}` : ''}`,
      run: async () => {
        if (!ctx.connected) return skip(NOT_CONNECTED);
        try {
          const link = (await session.open()) as unknown as OpcuaLink;
          const facts = await analogFacts(link, await driver.nodeIdOf(link, point.id));
          const ucum = facts.unitId === undefined ? undefined : ucumOfUnitId(facts.unitId);
          const observed = `EURange ${facts.range ? `${facts.range.min}…${facts.range.max}` : 'absent'}, EngineeringUnits ${facts.unitId === undefined ? 'absent' : `${facts.unitName ?? ''} (unitId ${facts.unitId}${ucum ? ` = ${ucum}` : ''})`}`;
          const problems: string[] = [];
          if (!facts.range) problems.push('no EURange');
          if (facts.unitId === undefined) problems.push('no EngineeringUnits');
          if (
            facts.range &&
            point.range &&
            (facts.range.min !== point.range.min || facts.range.max !== point.range.max)
          )
            problems.push(`EURange differs from the profile's range ${point.range.min}…${point.range.max}`);
          if (ucum && point.unit && ucum !== point.unit)
            problems.push(`unit ${ucum} differs from the profile's ${point.unit}`);
          if (problems.length === 0)
            return pass(observed, {
              fr: 'Le serveur publie la plage et l’unité, et elles concordent avec le profil.',
              en: 'The server publishes the range and the unit, and they agree with the profile.',
            });
          return fail(`${observed}: ${problems.join('; ')}`, {
            fr: `Recommandé : une variable analogique porte EURange et EngineeringUnits (OPC UA partie 8) qui concordent avec le profil. Écart : ${problems.join(' ; ')}.`,
            en: `Recommended: an analog variable carries EURange and EngineeringUnits (OPC UA Part 8) that agree with the profile. Found: ${problems.join('; ')}.`,
          });
        } catch (error) {
          return failFromError(error, target.timeoutMs);
        }
      },
    });
  }
  const first = target.points.find((p) => p.readable);
  const samplingMs = ctx.profile.connection.samplingIntervalMs ?? 250;
  const waitMs = Math.max(target.timeoutMs, samplingMs * 4 + 2000);
  checks.push({
    id: 'protocol.subscription',
    group: 'protocol',
    title: { fr: 'Abonnement', en: 'Subscription' },
    mandatory: true,
    expected: first
      ? `a monitored item on ${first.id} delivers a value within ${waitMs} ms`
      : 'a readable point',
    run: async () => {
      if (!ctx.connected) return skip(NOT_CONNECTED);
      if (!first) return skip({ fr: 'Aucun point lisible.', en: 'No readable point.' });
      const link = (await session.open()) as unknown as OpcuaLink;
      const started = performance.now();
      let resolveFirst: (reading: PointReading) => void = () => undefined;
      const delivered = new Promise<PointReading>((resolve) => (resolveFirst = resolve));
      let subscription: { close(): Promise<void> } | undefined;
      try {
        subscription = await driver.subscribe(link, [first.id], (reading) => resolveFirst(reading));
        const reading = await session.withDeadline(delivered, waitMs, `first notification of ${first.id}`);
        return pass(
          `${first.id} = ${show(reading.value)} after ${Math.round(performance.now() - started)} ms`,
          {
            fr: 'Le serveur envoie les valeurs par abonnement : Phare n’a pas besoin de l’interroger.',
            en: 'The server pushes values through a subscription: Phare need not poll it.',
          },
        );
      } catch (error) {
        return failFromError(error, target.timeoutMs);
      } finally {
        await subscription?.close().catch(() => undefined);
      }
    },
  });
  return checks;
}
