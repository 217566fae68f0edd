/**
 * Why a link could not open, in words an installer can act on. node-opcua reports an untrusted
 * server certificate as a plain Error ("server Certificate verification failed with err
 * BadCertificateUntrusted") and stores the certificate in the PKI's rejected/ folder; the message
 * here gives its thumbprint and the command that trusts it.
 */
import { Forbidden, NotSupported, type ErrorContext, type PhareError } from '../errors.ts';
import { listCertificates } from './pki.ts';
import { statusNameIn, wrapOpcuaError } from './status-errors.ts';

export interface ConnectFailureContext {
  /** Which step failed: the secure channel, or the session (user identity). */
  phase: 'channel' | 'session' | 'subscription';
  /** User name tried, for the message (never the password). */
  username?: string;
  device: string;
  endpoint: string;
  pkiDir: string;
  context: ErrorContext;
}

const UNTRUSTED =
  /certificate verification failed|BadCertificate(Untrusted|Invalid|ChainIncomplete|IssuerRevocationUnknown)/i;
const PKCS1_DISABLED = /RSA_PKCS1_PADDING/;
// node-opcua servers answer a wrong password with BadUserAccessDenied, others with BadIdentityTokenRejected.
const IDENTITY_REFUSED = new Set([
  'BadUserAccessDenied',
  'BadIdentityTokenRejected',
  'BadIdentityTokenInvalid',
]);

export function explainConnectFailure(error: unknown, where: ConnectFailureContext): PhareError {
  const message = error instanceof Error ? error.message : String(error);
  const { device, endpoint, pkiDir, context } = where;
  if (UNTRUSTED.test(message)) {
    const newest = listCertificates(pkiDir).rejected[0];
    const which = newest ? ` (thumbprint ${newest.fingerprint}, ${newest.subject})` : '';
    const fingerprint = newest?.fingerprint ?? '<thumbprint>';
    return new Forbidden(
      `${device}: the server certificate of ${endpoint}${which} is not trusted, so the secure channel was refused. ` +
        `It was stored in ${pkiDir}/rejected. Check that it is your controller's, then trust it with ` +
        `"npx phare certs trust ${fingerprint} --pki ${pkiDir}" and reconnect. Demo mode trusts server certificates automatically.`,
      {
        ...context,
        cause: error,
        detail: {
          ...(context.detail ?? {}),
          statusCode: 'BadCertificateUntrusted',
          pkiDir,
          ...(newest ? { fingerprint } : {}),
        },
      },
    );
  }
  const status = statusNameIn(message);
  if (where.phase === 'session' && status && IDENTITY_REFUSED.has(status)) {
    const who = where.username ? `user "${where.username}"` : 'an anonymous session';
    return new Forbidden(
      `${device}: ${endpoint} refused ${who} (${status}); check the user name and password configured for this device` +
        (where.username ? '' : ', or whether the server allows anonymous access'),
      { ...context, cause: error, detail: { ...(context.detail ?? {}), statusCode: status } },
    );
  }
  if (PKCS1_DISABLED.test(message)) {
    return new NotSupported(
      `${device}: ${endpoint} needs RSA PKCS#1 v1.5 (Basic128Rsa15), disabled in Node ≥ 20.11 (CVE-2023-46809). ` +
        'Use Basic256Sha256, or run Node 20 with --security-revert=CVE-2023-46809',
      { ...context, cause: error },
    );
  }
  return wrapOpcuaError(error, `${device}: open ${endpoint}`, context);
}
