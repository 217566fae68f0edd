// Runs before `npm start`, `npm test` and `npm run bench`: installs dependencies when node_modules
// is missing or older than the lockfile, so that a fresh clone needs nothing but these commands.
// Plain Node on purpose: it must run before any dependency exists.
import { existsSync, statSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lock = join(root, 'package-lock.json');
const marker = join(root, 'node_modules', '.package-lock.json');

const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs);
if (stale) {
  console.log(
    'phare: installing dependencies (npm ci; a cold install compiles better-sqlite3 and takes a few minutes)…',
  );
  execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
