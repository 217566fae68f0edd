/**
 * `protocol` for serial water sensors.
 * SDI-12 (protocols.md §4.1, SDI-12 v1.4 §4.4): the sensor acknowledges `a!`; each measurement the
 * profile uses announces at least the values the profile reads (`atttn`), and its CRC variant
 * (`aMC!`…, §4.4.12) answers with a CRC that checks.
 * ASCII line (§4.2): lines arrive, each matches a sentence of the profile, checksums check.
 */
import type { SerialSensorLink } from '@phare/device-drivers/serial-sensors/link.ts';
import { classifyLine, compileSentences } from '@phare/device-drivers/serial-sensors/ascii-line/classify.ts';
import {
  measurementCommandText,
  parseMeasurementSpec,
} from '@phare/device-drivers/serial-sensors/sdi12/commands.ts';
import {
  fail,
  failFromError,
  NOT_CONNECTED,
  pass,
  skip,
  type CheckContext,
  type PlannedCheck,
} from '../check-kit.ts';

export function sdi12ProtocolChecks(ctx: CheckContext): PlannedCheck[] {
  const { target, session, profile } = ctx;
  const address = target.sdi12Address ?? '0';
  const needed = new Map<string, number>();
  for (const p of profile.serial?.points ?? [])
    if (p.command) needed.set(p.command, Math.max(needed.get(p.command) ?? 0, (p.valueIndex ?? 0) + 1));
  const recorder = async () => ((await session.open()) as unknown as SerialSensorLink).sdi12();

  const checks: PlannedCheck[] = [
    {
      id: 'protocol.sdi12.acknowledge',
      group: 'protocol',
      title: { fr: 'Acquittement SDI-12', en: 'SDI-12 acknowledge' },
      mandatory: true,
      expected: `${address}! answers ${address}`,
      run: async () => {
        if (!ctx.connected) return skip(NOT_CONNECTED);
        try {
          await session.pace();
          await session.withDeadline(
            (await recorder()).acknowledge(address),
            target.requestDeadlineMs,
            `${address}!`,
          );
          return pass(`${address}`, {
            fr: 'Le capteur répond à son adresse.',
            en: 'The sensor answers at its address.',
          });
        } catch (error) {
          return failFromError(error, target.timeoutMs);
        }
      },
    },
  ];
  for (const [spec, count] of needed) {
    const command = parseMeasurementSpec(spec);
    if (!command) continue;
    const variants = command.crc ? [command] : [command, { ...command, crc: true }];
    for (const variant of variants) {
      const text = measurementCommandText(address, variant);
      checks.push({
        id: `protocol.sdi12.${variant.crc ? 'crc' : 'measurement'}.${spec}`,
        group: 'protocol',
        title: variant.crc
          ? { fr: `Variante CRC de ${spec}`, en: `CRC variant of ${spec}` }
          : { fr: `Mesure ${spec}`, en: `Measurement ${spec}` },
        mandatory: true,
        expected: `${text} returns at least ${count} value(s)${variant.crc ? ' with a CRC that checks (§4.4.12)' : ''}`,
        timeoutMs: target.requestDeadlineMs + 5000,
        run: async () => {
          if (!ctx.connected) return skip(NOT_CONNECTED);
          try {
            await session.pace();
            const m = await session.withDeadline(
              (await recorder()).measure(address, variant),
              target.requestDeadlineMs,
              text,
            );
            const observed = `${m.command} → ${m.valueCount} value(s) after ${m.readySeconds} s: ${m.values.map((v) => v.text).join(' ')}`;
            if (m.values.length < count)
              return fail(observed, {
                fr: `Le profil lit la valeur n°${count} de ${spec}, mais le capteur n'en donne que ${m.values.length} : le capteur est configuré autrement que le profil.`,
                en: `The profile reads value #${count} of ${spec}, but the sensor gives only ${m.values.length}: the sensor is configured differently from the profile.`,
              });
            return pass(observed, {
              fr: variant.crc
                ? 'La mesure avec CRC répond et le CRC est bon.'
                : 'La mesure répond avec toutes les valeurs attendues.',
              en: variant.crc
                ? 'The measurement with CRC answers and the CRC checks.'
                : 'The measurement answers with every value expected.',
            });
          } catch (error) {
            return failFromError(error, target.timeoutMs);
          }
        },
      });
    }
  }
  return checks;
}

export function asciiProtocolChecks(ctx: CheckContext): PlannedCheck[] {
  const { target, session, profile } = ctx;
  const serial = profile.serial!;
  const format = {
    terminator: serial.terminator ?? '\r\n',
    checksum: serial.checksum ?? 'none',
    maxAgeMs: serial.maxAgeMs ?? 3000,
    sentences: (serial.sentences ?? []).map((s) => ({ id: s.id, pattern: s.pattern })),
  } as const;
  const listenMs = Math.min(format.maxAgeMs * 2, 20_000);
  return [
    {
      id: 'protocol.ascii.sentences',
      group: 'protocol',
      title: { fr: 'Phrases reconnues', en: 'Sentences recognised' },
      mandatory: true,
      expected: `within ${listenMs} ms, lines that match the profile's sentences${format.checksum === 'nmea-xor' ? ' with good NMEA checksums' : ''}`,
      timeoutMs: listenMs + 5000,
      run: async () => {
        if (!ctx.connected) return skip(NOT_CONNECTED);
        const link = (await session.open()) as unknown as SerialSensorLink;
        const lines: string[] = [];
        const stop = link.onLine((line) => lines.push(line.text));
        await new Promise((resolve) => setTimeout(resolve, listenMs));
        stop();
        const sentences = compileSentences(format.sentences);
        const verdicts = lines.map((l) =>
          classifyLine({ ...format, sentences: format.sentences }, sentences, l),
        );
        const good = verdicts.filter((v) => v.kind === 'good').length;
        const observed = `${lines.length} line(s), ${good} good`;
        if (lines.length === 0)
          return failFromError(new Error('no line received'), target.timeoutMs, `${observed}: `);
        if (good === 0)
          return fail(observed, {
            fr: 'Des lignes arrivent, mais aucune ne correspond aux phrases du profil : vérifiez les expressions, le terminateur et la somme de contrôle.',
            en: 'Lines arrive, but none matches the profile’s sentences: check the patterns, the terminator and the checksum rule.',
          });
        return pass(observed, {
          fr: "L'instrument émet des lignes que le profil reconnaît.",
          en: 'The instrument sends lines the profile recognises.',
        });
      },
    },
  ];
}
