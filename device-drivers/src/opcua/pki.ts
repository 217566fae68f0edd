/**
 * The client's OPC-UA PKI folder (node-opcua-pki layout, protocols.md §5.2):
 *   own/{certs,private}  trusted/{certs,crl}  issuers/{certs,crl}  rejected/
 * and the helpers behind `npx phare certs list|trust|reject`.
 *
 * Why explicit trust: node-opcua accepts unknown certificates by default (automaticallyAccept…),
 * which lets a spoofed controller receive our writes. Outside demo mode an unknown server
 * certificate lands in rejected/ and the link refuses to connect until someone trusts it here.
 * The folder is always one the caller names (a data folder or a temp dir), never $HOME.
 */
import { X509Certificate } from 'node:crypto';
import {
  accessSync,
  constants,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  copyFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { OPCUACertificateManager } from 'node-opcua';
import type { Logger } from '../contract.ts';
import { ConfigInvalid, UnknownPoint } from '../errors.ts';

export interface CertificateInfo {
  /** SHA-1 thumbprint, lower-case hex without separators (what OPC-UA calls the thumbprint). */
  fingerprint: string;
  subject: string;
  /** URI in the subjectAltName (the peer's applicationUri), when present. */
  applicationUri?: string;
  validTo: string;
  file: string;
  /** When the file was written (a rejected certificate: when the connection was refused). */
  storedAt: number;
}

export interface PkiListing {
  pkiDir: string;
  own: CertificateInfo[];
  trusted: CertificateInfo[];
  rejected: CertificateInfo[];
}

const FOLDERS = { own: 'own/certs', trusted: 'trusted/certs', rejected: 'rejected' } as const;

export function createClientCertificateManager(
  pkiDir: string,
  trustUnknown: boolean,
  logger?: Logger,
): OPCUACertificateManager {
  return new OPCUACertificateManager({
    rootFolder: usablePkiDir(pkiDir, logger),
    automaticallyAcceptUnknownCertificate: trustUnknown,
  });
}

/** Stand-in PKI folder per unusable one, for the life of the process. */
const standIns = new Map<string, string>();

/**
 * `pkiDir`, or, when it cannot be created or written (an unusable data folder: read-only, a file in
 * the way, a full disk), a private stand-in under the system temp folder, removed at exit: the
 * controller keeps driving OPC-UA devices while it cannot record (ARCHITECTURE.md §6). Certificates
 * trusted in `pkiDir` are copied when readable, so explicit trust still holds; the client gets a new
 * certificate there, which servers that check clients must trust again, as the warning says.
 */
export function usablePkiDir(pkiDir: string, logger?: Logger): string {
  try {
    mkdirSync(pkiDir, { recursive: true });
    accessSync(pkiDir, constants.W_OK);
    return pkiDir;
  } catch (error) {
    let standIn = standIns.get(pkiDir);
    if (standIn) return standIn;
    standIn = mkdtempSync(join(tmpdir(), 'phare-opcua-pki-'));
    const made = standIn;
    standIns.set(pkiDir, made);
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
    let copied = false;
    try {
      cpSync(join(pkiDir, 'trusted'), join(made, 'trusted'), { recursive: true });
      copied = true;
    } catch {
      // Nothing trusted yet, or not readable: explicit trust starts empty.
    }
    logger?.warn(
      `OPC-UA PKI folder ${pkiDir} cannot be used (${error instanceof Error ? error.message : String(error)}); ` +
        `using ${made} until the controller stops${copied ? ', with the server certificates trusted there' : ''}. ` +
        'The client certificate is new: servers that check clients must trust it again.',
    );
    return made;
  }
}

function readInfo(file: string): CertificateInfo | undefined {
  try {
    const certificate = new X509Certificate(readFileSync(file));
    const uri = /URI:([^,\s]+)/.exec(certificate.subjectAltName ?? '')?.[1];
    return {
      fingerprint: certificate.fingerprint.replace(/:/g, '').toLowerCase(),
      subject: certificate.subject.replace(/\n/g, ', '),
      ...(uri ? { applicationUri: uri } : {}),
      validTo: new Date(certificate.validTo).toISOString(),
      file,
      storedAt: statSync(file).mtimeMs,
    };
  } catch {
    return undefined; // not a certificate (a CRL, a lock file): not listed
  }
}

function listFolder(pkiDir: string, folder: string): CertificateInfo[] {
  const dir = join(pkiDir, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.(pem|der|crt|cer)$/i.test(name))
    .map((name) => readInfo(join(dir, name)))
    .filter((info): info is CertificateInfo => info !== undefined)
    .sort((a, b) => b.storedAt - a.storedAt);
}

export function listCertificates(pkiDir: string): PkiListing {
  return {
    pkiDir,
    own: listFolder(pkiDir, FOLDERS.own),
    trusted: listFolder(pkiDir, FOLDERS.trusted),
    rejected: listFolder(pkiDir, FOLDERS.rejected),
  };
}

function normalise(fingerprint: string): string {
  return fingerprint.replace(/[:\s]/g, '').toLowerCase();
}

/** Finds a certificate by thumbprint (or a unique prefix of at least 8 hex digits). */
function findByFingerprint(
  certificates: CertificateInfo[],
  fingerprint: string,
  where: string,
): CertificateInfo {
  const wanted = normalise(fingerprint);
  if (!/^[0-9a-f]{8,40}$/.test(wanted)) {
    throw new ConfigInvalid(
      `"${fingerprint}" is neither a certificate file nor a SHA-1 thumbprint (8–40 hex digits)`,
    );
  }
  const matches = certificates.filter((c) => c.fingerprint.startsWith(wanted));
  if (matches.length === 1) return matches[0]!;
  const known = certificates.map((c) => `${c.fingerprint} ${c.subject}`).join('; ') || 'none';
  if (matches.length === 0) throw new UnknownPoint(`no certificate ${wanted} in ${where}; there: ${known}`);
  throw new ConfigInvalid(
    `thumbprint prefix ${wanted} matches ${matches.length} certificates in ${where}; give more digits`,
  );
}

function moveInto(pkiDir: string, info: CertificateInfo, folder: string, copy: boolean): CertificateInfo {
  const dir = join(pkiDir, folder);
  mkdirSync(dir, { recursive: true });
  const target = join(dir, basename(info.file));
  if (copy) copyFileSync(info.file, target);
  else renameSync(info.file, target);
  return { ...info, file: target };
}

/**
 * Trusts a server certificate: one from rejected/ by thumbprint, or a certificate file (PEM or DER)
 * given by path, copied into trusted/certs.
 */
export function trustCertificate(pkiDir: string, fingerprintOrFile: string): CertificateInfo {
  if (existsSync(fingerprintOrFile) && statSync(fingerprintOrFile).isFile()) {
    const info = readInfo(fingerprintOrFile);
    if (!info) throw new ConfigInvalid(`${fingerprintOrFile} is not an X.509 certificate (PEM or DER)`);
    return moveInto(pkiDir, info, FOLDERS.trusted, true);
  }
  const { rejected, trusted } = listCertificates(pkiDir);
  const already = trusted.find((c) => c.fingerprint.startsWith(normalise(fingerprintOrFile)));
  if (already) return already;
  return moveInto(
    pkiDir,
    findByFingerprint(rejected, fingerprintOrFile, join(pkiDir, FOLDERS.rejected)),
    FOLDERS.trusted,
    false,
  );
}

/** Stops trusting a certificate: moves it from trusted/certs to rejected/ (by thumbprint or file). */
export function rejectCertificate(pkiDir: string, fingerprintOrFile: string): CertificateInfo {
  const { trusted, rejected } = listCertificates(pkiDir);
  const fromFile = existsSync(fingerprintOrFile) ? readInfo(fingerprintOrFile) : undefined;
  const key = fromFile?.fingerprint ?? fingerprintOrFile;
  const already = rejected.find((c) => c.fingerprint.startsWith(normalise(key)));
  if (already && !trusted.some((c) => c.fingerprint === already.fingerprint)) return already;
  return moveInto(
    pkiDir,
    findByFingerprint(trusted, key, join(pkiDir, FOLDERS.trusted)),
    FOLDERS.rejected,
    false,
  );
}
