/**
 * Secrets (issue 9 §6): none in the repository, and the files where the controller keeps them are
 * private. The scan covers every file git tracks or would add (not ignored): private key blocks
 * anywhere, password-like assignments in data and config files anywhere, and literal passwords in
 * code outside test folders. Test fixtures are labelled by living under a `tests/` folder, or by
 * the marker `phare-secret-scan: test fixture` in the file.
 * Modes: the SQLite file (password hashes, session tokens) and its WAL companions 0600, a data
 * folder Phare creates 0700, the OPC-UA client PKI 0700 with its files 0600.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEndpoint } from '@phare/device-drivers/endpoint.ts';
import { restrictPkiModes } from '@phare/device-drivers/opcua/pki-modes.ts';
import { repoRoot } from '../../src/config/paths.ts';
import { DATABASE_FILE, openDatabase } from '../../src/storage/database.ts';
import { removeDir, tempDir } from '../support/harness.ts';

const MARKER = 'phare-secret-scan: test fixture';
const PRIVATE_KEY = /-----BEGIN ((RSA|EC|DSA|OPENSSH|ENCRYPTED) )?PRIVATE KEY-----/;
const DATA_FILE = /\.(ya?ml|json|env|ini|conf|cfg|toml|properties)$|(^|\/)\.env(\.|$)/;
const CODE_FILE = /\.(ts|js|mjs|cjs|py|sh|svelte)$/;
/** `password: hunter22`, `"apiKey": "abc123…"`, `TOKEN=…` with a literal value of 6+ characters. */
const DATA_ASSIGNMENT =
  /(password|passwd|pwd|secret|api[_-]?key|access[_-]?key|token)["']?\s*[:=]\s*["']?(?![$<{[])[^\s"'{}[\],#]{6,}/i;
const CODE_ASSIGNMENT =
  /(password|passwd|secret|api[_-]?key|token)[a-z_]*["']?\s*[:=]\s*["'](?![<$%{])[^"'\s]{6,}["']/i;
/** Translation files hold labels ("Password": "Mot de passe"), never values. */
const LABELS = /(^|\/)i18n\//;

function repositoryFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return out
    .split('\0')
    .filter((f) => f && existsSync(join(repoRoot, f)) && statSync(join(repoRoot, f)).isFile());
}

function isTestFixture(file: string, text: string): boolean {
  return /(^|\/)tests\//.test(file) || text.includes(MARKER);
}

describe('no secret in the repository', () => {
  const files = repositoryFiles();

  it('scans a real list of files', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain('phare.config.example.yaml');
  });

  it('holds no private key, and no password or token in a data, config or code file', () => {
    const findings: string[] = [];
    for (const file of files) {
      const bytes = readFileSync(join(repoRoot, file));
      if (bytes.length > 2_000_000 || bytes.includes(0)) continue; // binary: images, fonts
      const text = bytes.toString('utf8');
      if (isTestFixture(file, text) || LABELS.test(file)) continue;
      const data = DATA_FILE.test(file);
      const code = CODE_FILE.test(file);
      text.split('\n').forEach((line, i) => {
        const hit =
          PRIVATE_KEY.test(line) ||
          (data && DATA_ASSIGNMENT.test(line)) ||
          (code && CODE_ASSIGNMENT.test(line));
        if (hit) findings.push(`${file}:${i + 1}: ${line.trim().slice(0, 120)}`);
      });
    }
    expect(findings).toEqual([]);
  });

  it('would catch a planted secret (the scan is not vacuous)', () => {
    const planted = 'opcua:\n  username: admin\n  password: Sup3rS3cret\n';
    expect(planted.split('\n').some((l) => DATA_ASSIGNMENT.test(l))).toBe(true);
    expect(DATA_ASSIGNMENT.test('  passwordEnv: PHARE_SCHOOL_PASSWORD')).toBe(false);
    expect(CODE_ASSIGNMENT.test("const client = { password: 'hunter2-admin' };")).toBe(true);
    expect(CODE_ASSIGNMENT.test('message: \'{ "password": "<password>" }\'')).toBe(false);
    expect(PRIVATE_KEY.test('-----BEGIN RSA PRIVATE KEY-----')).toBe(true);
  });

  it('keeps the data folder and its secrets out of git', () => {
    for (const path of ['data/phare.sqlite', 'data/pki/opcua/own/private/private_key.pem']) {
      expect(execFileSync('git', ['check-ignore', path], { cwd: repoRoot, encoding: 'utf8' }).trim()).toBe(
        path,
      );
    }
  });
});

const modeOf = (path: string): number => statSync(path).mode & 0o777;

describe('files that hold secrets are private', () => {
  const dir = tempDir('phare-modes-');
  afterAll(() => removeDir(dir));

  it('creates the data folder 0700 and the database with its WAL files 0600', () => {
    const dataDir = join(dir, 'fresh', 'data');
    const db = openDatabase(dataDir);
    try {
      db.prepare('INSERT INTO point (name) VALUES (?)').run('a.b');
      const file = join(dataDir, DATABASE_FILE);
      expect(modeOf(join(dir, 'fresh'))).toBe(0o700);
      expect(modeOf(dataDir)).toBe(0o700);
      expect(modeOf(file)).toBe(0o600);
      for (const companion of ['-wal', '-shm']) {
        expect(existsSync(file + companion)).toBe(true);
        expect(modeOf(file + companion)).toBe(0o600);
      }
    } finally {
      db.close();
    }
  });

  it('tightens a database left readable by others by an older Phare', () => {
    const dataDir = join(dir, 'older');
    openDatabase(dataDir).close();
    const file = join(dataDir, DATABASE_FILE);
    chmodSync(file, 0o644);
    openDatabase(dataDir).close();
    expect(modeOf(file)).toBe(0o600);
  });

  it('restricts every folder and file of a PKI', () => {
    const pki = join(dir, 'pki');
    mkdirSync(join(pki, 'own', 'private'), { recursive: true, mode: 0o755 });
    mkdirSync(join(pki, 'trusted', 'certs'), { recursive: true, mode: 0o755 });
    writeFileSync(join(pki, 'own', 'private', 'private_key.pem'), 'key', { mode: 0o644 });
    writeFileSync(join(pki, 'trusted', 'certs', 'server.pem'), 'cert', { mode: 0o644 });
    expect(restrictPkiModes(pki)).toBe(0);
    for (const folder of ['', 'own', 'own/private', 'trusted', 'trusted/certs'])
      expect(modeOf(join(pki, folder))).toBe(0o700);
    expect(modeOf(join(pki, 'own', 'private', 'private_key.pem'))).toBe(0o600);
    expect(modeOf(join(pki, 'trusted', 'certs', 'server.pem'))).toBe(0o600);
  });

  it('leaves the client PKI private after a real OPC-UA connection attempt creates its key', async () => {
    // A port nobody listens on: node-opcua creates the client certificate and key, then fails.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const pki = join(dir, 'client-pki');
    const { openOpcuaLink } = await import('@phare/device-drivers/opcua/index.ts');
    await expect(
      openOpcuaLink(parseEndpoint(`opc.tcp://127.0.0.1:${port}`), {
        pkiDir: pki,
        trustUnknownServerCertificates: false,
        // Generous: creating the key pair takes seconds on a loaded machine, and must finish first.
        timeoutMs: 30_000,
        device: 'probe',
      }),
    ).rejects.toBeInstanceOf(Error);
    expect(modeOf(pki)).toBe(0o700);
    const key = join(pki, 'own', 'private', 'private_key.pem');
    expect(existsSync(key)).toBe(true);
    expect(modeOf(key)).toBe(0o600);
  }, 90_000);
});
