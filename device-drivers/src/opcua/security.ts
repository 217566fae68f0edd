/**
 * Security mode and policy from profile strings to node-opcua enums, with the checks that give an
 * installer a clear answer instead of a handshake failure.
 *
 * Basic128Rsa15 (protocols.md §5.3 pitfall 2): Node ≥ 20.11.1 disabled RSA PKCS#1 v1.5 decryption
 * (CVE-2023-46809, the Marvin attack), so the OpenSecureChannel of that policy fails unless Node 18–21
 * runs with --security-revert=CVE-2023-46809; Node 22+ cannot revert at all.
 */
import { MessageSecurityMode, SecurityPolicy } from 'node-opcua';
import { ConfigInvalid, NotSupported } from '../errors.ts';

export const SECURITY_MODES = ['None', 'Sign', 'SignAndEncrypt'] as const;
export const SECURITY_POLICIES = [
  'None',
  'Basic256Sha256',
  'Aes128_Sha256_RsaOaep',
  'Aes256_Sha256_RsaPss',
  'Basic256',
  'Basic128Rsa15',
] as const;
export type OpcuaSecurityMode = (typeof SECURITY_MODES)[number];
export type OpcuaSecurityPolicy = (typeof SECURITY_POLICIES)[number];

export interface ResolvedSecurity {
  mode: MessageSecurityMode;
  policy: SecurityPolicy;
}

const REVERT_FLAG = '--security-revert=CVE-2023-46809';

function canUsePkcs1v15(): boolean {
  const major = Number(process.versions.node.split('.')[0]);
  return (
    major < 22 &&
    [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)].includes(REVERT_FLAG)
  );
}

export function resolveSecurity(
  mode: OpcuaSecurityMode = 'None',
  policy: OpcuaSecurityPolicy = mode === 'None' ? 'None' : 'Basic256Sha256',
  where = 'OPC-UA link',
): ResolvedSecurity {
  if (!SECURITY_MODES.includes(mode)) {
    throw new ConfigInvalid(
      `${where}: securityMode "${String(mode)}" is not one of ${SECURITY_MODES.join(', ')}`,
    );
  }
  if (!SECURITY_POLICIES.includes(policy)) {
    throw new ConfigInvalid(
      `${where}: securityPolicy "${String(policy)}" is not one of ${SECURITY_POLICIES.join(', ')}`,
    );
  }
  if ((mode === 'None') !== (policy === 'None')) {
    throw new ConfigInvalid(
      `${where}: securityMode ${mode} cannot go with securityPolicy ${policy}; use None/None, or Sign or SignAndEncrypt with a policy such as Basic256Sha256`,
    );
  }
  if (policy === 'Basic128Rsa15' && !canUsePkcs1v15()) {
    throw new NotSupported(
      `${where}: security policy Basic128Rsa15 needs RSA PKCS#1 v1.5, which Node ≥ 20.11 disabled (CVE-2023-46809). ` +
        `Use Basic256Sha256 on the controller if it offers it, or run Node 20 with ${REVERT_FLAG} (Node 22+ cannot revert)`,
      { detail: { securityPolicy: policy, node: process.versions.node } },
    );
  }
  return { mode: MessageSecurityMode[mode], policy: SecurityPolicy[policy] };
}
