/**
 * `protocol` for Modbus: the merged reads the controller will poll with work (maxGap and
 * maxRegistersPerRequest are promises the profile makes about the device), and an address the
 * profile marks forbidden answers exception 0x02 ILLEGAL DATA ADDRESS (Modbus Application Protocol
 * V1.1b3 §7, protocols.md §3.2): the device refuses what does not exist instead of inventing a value.
 * The forbidden read is one register, once, at the first address of the first forbidden range.
 */
import { PhareError } from '@phare/device-drivers/errors.ts';
import type { ModbusClient } from '@phare/device-drivers/modbus/client-contract.ts';
import {
  fail,
  failFromError,
  NOT_CONNECTED,
  pass,
  skip,
  type CheckContext,
  type PlannedCheck,
} from '../check-kit.ts';
import { explainError, shortError } from '../explain.ts';

export function modbusProtocolChecks(ctx: CheckContext): PlannedCheck[] {
  const { target, session, profile } = ctx;
  const readable = target.points.filter((p) => p.readable).map((p) => p.id);
  const forbidden = profile.connection.forbiddenRanges[0];
  return [
    {
      id: 'protocol.merged-reads',
      group: 'protocol',
      title: { fr: 'Lectures groupées', en: 'Merged reads' },
      mandatory: true,
      expected: `every readable point read in the requests the controller will send (maxGap ${profile.connection.maxGap}, up to ${profile.connection.maxRegistersPerRequest} registers per request)`,
      run: async () => {
        if (!ctx.connected) return skip(NOT_CONNECTED);
        if (readable.length === 0) return skip({ fr: 'Aucun point lisible.', en: 'No readable point.' });
        const plan = target.driver.planReads(readable);
        try {
          const { readings } = await session.read(readable);
          const bad = readings.filter((r) => r.quality === 'bad').map((r) => r.point);
          const observed = `${plan.length} request(s): ${plan.map((r) => r.key).join('; ')}`;
          if (bad.length > 0)
            return fail(`${observed}; bad: ${bad.join(', ')}`, {
              fr: 'Les lectures groupées répondent, mais des valeurs sont mauvaises.',
              en: 'The merged reads answer, but some values are bad.',
            });
          return pass(observed, {
            fr: 'Les requêtes groupées que le contrôleur enverra répondent toutes.',
            en: 'The merged requests the controller will send all answer.',
          });
        } catch (error) {
          const explained = explainError(error, target.timeoutMs);
          return fail(
            shortError(error),
            {
              fr: `${explained.fr} Une lecture groupée couvre aussi les registres entre deux points : si l'appareil refuse les trous, mettez connection.maxGap à 0 ou déclarez connection.forbiddenRanges.`,
              en: `${explained.en} A merged read also covers the registers between two points: if the device refuses gaps, set connection.maxGap to 0 or declare connection.forbiddenRanges.`,
            },
            error,
          );
        }
      },
    },
    {
      id: 'protocol.forbidden-address',
      group: 'protocol',
      title: { fr: 'Adresse interdite refusée', en: 'Forbidden address refused' },
      mandatory: true,
      expected: forbidden
        ? `a read of ${forbidden.table} ${forbidden.from} answers exception 0x02 ILLEGAL DATA ADDRESS`
        : 'a forbidden range in the profile',
      run: async () => {
        if (!forbidden)
          return skip({
            fr: "Le profil ne déclare pas d'adresses interdites (connection.forbiddenRanges) : rien à vérifier.",
            en: 'The profile declares no forbidden addresses (connection.forbiddenRanges): nothing to check.',
          });
        if (!ctx.connected) return skip(NOT_CONNECTED);
        const client = (await session.open()) as unknown as ModbusClient;
        const unit = target.unitId ?? 1;
        await session.pace();
        try {
          const answer =
            forbidden.table === 'coil' || forbidden.table === 'discrete'
              ? await client.readBits(unit, forbidden.table, forbidden.from, 1)
              : await client.readRegisters(unit, forbidden.table, forbidden.from, 1);
          return fail(`answered ${JSON.stringify(answer)}`, {
            fr: `L'appareil donne une valeur à une adresse que le profil dit inexistante (${forbidden.from}) : le profil se trompe sur la taille de la table, ou l'appareil invente des valeurs.`,
            en: `The device gives a value at an address the profile says does not exist (${forbidden.from}): the profile is wrong about the table size, or the device makes values up.`,
          });
        } catch (error) {
          if (error instanceof PhareError && error.detail?.['exceptionCode'] === 0x02)
            return pass(shortError(error), {
              fr: "L'appareil refuse l'adresse inexistante avec l'exception 02, comme le veut la norme.",
              en: 'The device refuses the non-existent address with exception 02, as the standard asks.',
            });
          return failFromError(error, target.timeoutMs, 'expected exception 0x02, got: ');
        }
      },
    },
  ];
}
