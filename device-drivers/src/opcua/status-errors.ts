/**
 * OPC-UA StatusCodes and node-opcua errors → point quality and Phare's closed set of errors
 * (errors.ts). The coordinator decides from the class alone; the message names the device, the
 * point, the request and the StatusCode name, and `detail.statusCode` keeps the code itself.
 *
 * OPC UA Part 4 §7.39: Good = 0x0…, Uncertain = 0x4…, Bad = 0x8…. An Uncertain value is not trusted
 * by the twin: it is reported with quality `bad`.
 */
import type { StatusCode } from 'node-opcua';
import type { Quality } from '../contract.ts';
import {
  ConfigInvalid,
  Disconnected,
  Forbidden,
  NotSupported,
  OutOfRange,
  PhareError,
  ProtocolException,
  Timeout,
  UnknownPoint,
  type ErrorContext,
} from '../errors.ts';

type ErrorClass = new (message: string, context?: ErrorContext) => PhareError;

const CLASS_BY_STATUS: Readonly<Record<string, ErrorClass>> = {
  BadOutOfRange: OutOfRange,
  BadTypeMismatch: OutOfRange,
  BadUserAccessDenied: Forbidden,
  BadIdentityTokenRejected: Forbidden,
  BadIdentityTokenInvalid: Forbidden,
  BadCertificateUntrusted: Forbidden,
  BadSecurityChecksFailed: Forbidden,
  BadNotWritable: NotSupported,
  BadNotReadable: NotSupported,
  BadWriteNotSupported: NotSupported,
  BadSecurityPolicyRejected: NotSupported,
  BadMethodInvalid: UnknownPoint,
  BadNodeIdUnknown: UnknownPoint,
  BadNodeIdInvalid: ConfigInvalid,
  BadBrowseNameInvalid: ConfigInvalid,
  BadNoMatch: UnknownPoint,
  BadAttributeIdInvalid: ConfigInvalid,
  BadTimeout: Timeout,
  BadRequestTimeout: Timeout,
  BadConnectionClosed: Disconnected,
  BadSecureChannelClosed: Disconnected,
  BadSessionClosed: Disconnected,
  BadSessionIdInvalid: Disconnected,
  BadServerNotConnected: Disconnected,
  BadNotConnected: Disconnected,
  BadCommunicationError: Disconnected,
  BadServerHalted: Disconnected,
  BadShutdown: Disconnected,
};

const HINT_BY_STATUS: Readonly<Record<string, string>> = {
  BadIdentityTokenRejected: 'check the user name and password configured for this device',
  BadIdentityTokenInvalid: 'the server does not accept this kind of user token (anonymous or user name)',
  BadUserAccessDenied: 'the OPC-UA user lacks the right on this node; ask the controller administrator',
  BadOutOfRange: 'the controller refused the value: it lies outside the node EURange',
  BadNodeIdUnknown: 'the node does not exist on this server: check nodeId/browsePath in the profile',
};

export function qualityOf(status: StatusCode): Extract<Quality, 'good' | 'bad'> {
  return status.isGood() ? 'good' : 'bad';
}

/** A PhareError for a Bad status from one operation (`where` names device, point and request). */
export function errorForStatus(status: StatusCode, where: string, context: ErrorContext = {}): PhareError {
  const Kind = CLASS_BY_STATUS[status.name] ?? ProtocolException;
  const hint = HINT_BY_STATUS[status.name];
  return new Kind(
    `${where}: ${status.name} (0x${status.value.toString(16).padStart(8, '0')})${hint ? `; ${hint}` : ''}`,
    {
      ...context,
      detail: { ...(context.detail ?? {}), statusCode: status.name, statusValue: status.value },
    },
  );
}

/** The first OPC-UA StatusCode name quoted in a library error message (node-opcua embeds them). */
export function statusNameIn(message: string): string | undefined {
  return /\b(Bad[A-Z][A-Za-z]+)\b/.exec(message)?.[1];
}

/**
 * Wraps an error thrown by node-opcua. Status names found in the message choose the class;
 * socket-level failures mean Disconnected; anything else is a ProtocolException.
 */
export function wrapOpcuaError(error: unknown, where: string, context: ErrorContext = {}): PhareError {
  if (error instanceof PhareError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const statusName = statusNameIn(message);
  const detail = { ...(context.detail ?? {}), ...(statusName ? { statusCode: statusName } : {}) };
  const full = { ...context, detail, cause: error };
  const hint = statusName ? HINT_BY_STATUS[statusName] : undefined;
  const text = `${where}: ${message.split('\n')[0]}${hint ? `; ${hint}` : ''}`;
  if (statusName && CLASS_BY_STATUS[statusName]) return new CLASS_BY_STATUS[statusName](text, full);
  if (/timeout|timed out/i.test(message)) return new Timeout(text, full);
  if (
    /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EPIPE|socket|disconnected|closed|not connected|connection/i.test(
      message,
    )
  ) {
    return new Disconnected(text, full);
  }
  return new ProtocolException(text, full);
}
