// `npm start` (after ensure-setup.mjs): builds the showroom when its build is missing or older than
// its sources, then runs `phare demo` (simulators of hardware/sites/demo.yaml + controller + showroom).
// Ctrl-C or SIGTERM is forwarded to the child so the recorder flushes before everything stops.
// Plain Node on purpose: it runs before anything else is known to work.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ui = join(root, 'showroom-ui');
const dist = join(ui, 'dist');

/** Newest modification time among files under `path` (skipping dist and node_modules). */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'dist' || entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function buildShowroomIfNeeded() {
  if (!existsSync(join(ui, 'index.html'))) {
    console.warn('phare: showroom-ui/index.html does not exist yet; starting without the showroom build.');
    return;
  }
  const built = existsSync(join(dist, 'index.html')) ? statSync(join(dist, 'index.html')).mtimeMs : 0;
  const sources = Math.max(
    newestMtime(join(ui, 'src')),
    newestMtime(join(ui, 'index.html')),
    ...readdirSync(ui)
      .filter((f) => /^(vite|svelte)\.config\.|^package\.json$|^tsconfig\.json$/.test(f))
      .map((f) => newestMtime(join(ui, f))),
  );
  if (built >= sources) return;
  console.log('phare: building the showroom (vite build)…');
  const result = spawnSync('npx', ['vite', 'build'], { cwd: ui, stdio: 'inherit' });
  if (result.status !== 0) {
    console.warn(
      'phare: the showroom build failed (see above); the controller still starts and serves the API.',
    );
  }
}

/** `--port N`, `--port=N` or PORT; passed on to `phare demo`. */
function portArgs(argv) {
  const i = argv.findIndex((a) => a === '--port' || a.startsWith('--port='));
  if (i >= 0) return argv[i].includes('=') ? [argv[i]] : ['--port', argv[i + 1] ?? ''];
  return process.env.PORT ? ['--port', process.env.PORT] : [];
}

buildShowroomIfNeeded();

const child = spawn(
  process.execPath,
  [join(root, 'lab-controller', 'bin', 'phare.mjs'), 'demo', ...portArgs(process.argv.slice(2))],
  {
    cwd: root,
    stdio: 'inherit',
  },
);

let forwarded = 0;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    // A terminal Ctrl-C also reaches the child (same process group); forwarding makes SIGTERM
    // from a supervisor work too. The second signal forces the child down.
    forwarded += 1;
    if (!child.killed || forwarded > 1) child.kill(forwarded > 1 ? 'SIGKILL' : signal);
  });
}

child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : 1));
});
