/**
 * Plain-words explanations of what a device did, in French and English, for the report a vendor
 * sends to a buyer. Built from the error's code and the protocol's own detail (Modbus exception
 * code, OPC-UA status), never from parsing messages. Modbus exception meanings: Modbus Application
 * Protocol V1.1b3 §7 (protocols.md §3.2); gateways answer 0x0B when nothing answers behind them.
 */
import { PhareError } from '@phare/device-drivers/errors.ts';
import { EXCEPTION_NAMES } from '@phare/device-drivers/modbus/types.ts';
import type { Bilingual, InteropCheck } from './report-model.ts';

const hex = (code: number): string => code.toString(16).padStart(2, '0').toUpperCase();

const MODBUS_EXCEPTIONS: Record<number, Bilingual> = {
  0x01: {
    fr: "l'appareil ne connaît pas cette fonction Modbus : vérifiez dans la documentation s'il faut lire les registres d'entrée (FC04) ou de maintien (FC03), et s'il accepte FC06/FC16 en écriture",
    en: 'the device does not support this Modbus function: check in its documentation whether the value is an input (FC04) or holding (FC03) register, and whether it takes FC06/FC16 writes',
  },
  0x02: {
    fr: "l'appareil n'a pas de registre à cette adresse : vérifiez l'adresse du profil (comptée à partir de 0, pas 40001) et le type de registre",
    en: 'the device has no register at this address: check the address in the profile (counted from 0, not 40001) and the register table',
  },
  0x03: {
    fr: "l'appareil refuse la valeur ou la quantité demandée : vérifiez le type (16 ou 32 bits) et les limites du profil",
    en: 'the device refuses the value or quantity asked for: check the type (16 or 32 bits) and the limits in the profile',
  },
  0x04: {
    fr: "l'appareil signale une panne interne en répondant à la place d'une valeur : il faut l'examiner, ce n'est pas le profil",
    en: 'the device reports an internal failure instead of a value: the device needs attention, not the profile',
  },
  0x05: {
    fr: "l'appareil a accepté une opération longue sans donner la valeur : il répond trop tôt",
    en: 'the device accepted a long operation without giving the value: it answers too early',
  },
  0x06: {
    fr: "l'appareil est occupé (par exemple un bus DALI saturé) : il ne suit pas le rythme des requêtes",
    en: 'the device is busy (a saturated DALI bus, for instance): it cannot keep up with the request rate',
  },
  0x0a: {
    fr: "la passerelle n'a pas de chemin vers l'appareil : vérifiez le numéro d'esclave (?unit=) et le câblage derrière la passerelle",
    en: 'the gateway has no path to the device: check the unit id (?unit=) and the wiring behind the gateway',
  },
  0x0b: {
    fr: "rien ne répond derrière la passerelle à ce numéro d'esclave : vérifiez ?unit= dans l'adresse de l'appareil, et que l'appareil est alimenté",
    en: 'nothing answers behind the gateway at this unit id: check ?unit= in the endpoint, and that the device is powered',
  },
};

/** What an error means for the person reading the report. */
export function explainError(error: unknown, timeoutMs?: number): Bilingual {
  if (!(error instanceof PhareError)) {
    const text = error instanceof Error ? error.message : String(error);
    return { fr: `Erreur inattendue de Phare : ${text}`, en: `Unexpected Phare error: ${text}` };
  }
  const detail = error.detail ?? {};
  const exceptionCode = typeof detail['exceptionCode'] === 'number' ? detail['exceptionCode'] : undefined;
  switch (error.code) {
    case 'PROTOCOL_EXCEPTION': {
      if (exceptionCode !== undefined) {
        const name = EXCEPTION_NAMES[exceptionCode] ?? 'unknown';
        const meaning = MODBUS_EXCEPTIONS[exceptionCode] ?? {
          fr: "code d'exception non standard",
          en: 'a non-standard exception code',
        };
        return {
          fr: `L'appareil a répondu l'exception Modbus ${hex(exceptionCode)} (${name}) au lieu d'une valeur : ${meaning.fr}.`,
          en: `The device answered Modbus exception ${hex(exceptionCode)} (${name}) instead of a value: ${meaning.en}.`,
        };
      }
      const status = typeof detail['statusCode'] === 'string' ? detail['statusCode'] : undefined;
      if (status)
        return {
          fr: `Le serveur a répondu le statut OPC-UA ${status} au lieu d'une valeur.`,
          en: `The server answered OPC-UA status ${status} instead of a value.`,
        };
      return {
        fr: `L'appareil a répondu une erreur de protocole : ${error.message}`,
        en: `The device answered with a protocol error: ${error.message}`,
      };
    }
    case 'TIMEOUT': {
      const limit = timeoutMs === undefined ? '' : ` (${timeoutMs} ms)`;
      return {
        fr: `Pas de réponse dans le délai du profil${limit} : l'appareil est trop lent pour ce délai, ou il ne reçoit pas la requête (numéro d'esclave, vitesse ou parité de la liaison série, câblage).`,
        en: `No answer within the profile's timeout${limit}: the device is slower than this timeout, or it does not receive the request (unit id, serial baud rate or parity, wiring).`,
      };
    }
    case 'DISCONNECTED':
      return {
        fr: "La connexion a été refusée ou coupée : vérifiez l'adresse IP et le port (ou le port série), et que l'appareil est allumé.",
        en: 'The connection was refused or dropped: check the IP address and port (or the serial port), and that the device is on.',
      };
    case 'CHECKSUM_MISMATCH':
      return {
        fr: 'Une trame est arrivée abîmée (somme de contrôle fausse) : parasites, ou vitesse et parité différentes de celles de l’appareil.',
        en: 'A frame arrived damaged (wrong checksum): line noise, or a baud rate and parity different from the device’s.',
      };
    case 'FORBIDDEN':
      return {
        fr: `Accès refusé : ${error.message}`,
        en: `Access refused: ${error.message}`,
      };
    case 'UNKNOWN_POINT':
      return {
        fr: `Le point n'existe pas sur l'appareil : vérifiez son identifiant de nœud ou son chemin dans le profil (${error.message}).`,
        en: `The point does not exist on the device: check its node id or browse path in the profile (${error.message}).`,
      };
    case 'OUT_OF_RANGE':
      return { fr: `Valeur refusée : ${error.message}`, en: `Value refused: ${error.message}` };
    case 'NOT_SUPPORTED':
      return {
        fr: `Opération non prise en charge : ${error.message}`,
        en: `Operation not supported: ${error.message}`,
      };
    case 'CONFIG_INVALID':
      return {
        fr: `Le profil ou l'adresse de l'appareil est incorrect : ${error.message}`,
        en: `The profile or the endpoint is wrong: ${error.message}`,
      };
    default:
      return { fr: error.message, en: error.message };
  }
}

/** The error part of a check record. */
export function errorRecord(error: unknown): NonNullable<InteropCheck['error']> {
  if (error instanceof PhareError)
    return {
      code: error.code,
      message: error.message,
      ...(error.detail ? { detail: jsonSafe(error.detail) } : {}),
    };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

function jsonSafe(detail: Record<string, unknown>): Record<string, unknown> {
  try {
    return JSON.parse(JSON.stringify(detail)) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** `0x02 ILLEGAL DATA ADDRESS`, or the error code: a short observed text. */
export function shortError(error: unknown): string {
  if (!(error instanceof PhareError)) return error instanceof Error ? error.message : String(error);
  const code = error.detail?.['exceptionCode'];
  if (typeof code === 'number') return `exception 0x${hex(code)} ${EXCEPTION_NAMES[code] ?? ''}`.trim();
  return `${error.code}: ${error.message}`;
}
