/**
 * Hostile and broken YAML for every kind of data file Phare reads (issue 9 §5): profiles, sites,
 * scenarios, curriculum modules. Alias bombs, a 20 MB file, wrong types, unknown keys, deep
 * nesting, binary garbage, a BOM, tabs, and fast-check-generated text. Each case must come back as
 * problems naming the file (and line:column when there is a place to point at), never an exception.
 * Files are generated in a temporary folder: hostile files in the repository would trip the tools.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA_IDS, type FileKind } from '../../src/config/file-kind.ts';
import { loadProfile } from '../../src/config/load-profile.ts';
import { loadSite } from '../../src/config/load-site.ts';
import { formatProblem, type Problem, type Result } from '../../src/config/problem.ts';
import { validateFiles } from '../../src/config/validate.ts';
import { loadModuleDir } from '../../src/curriculum/load-module.ts';
import { loadScenario } from '../../src/scenario/load-scenario.ts';
import { repoRoot } from '../../src/config/paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'phare-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
/** Writes `content` where the loader of `kind` expects it; returns what to load. */
function place(kind: FileKind, content: string | Buffer): string {
  const folder = join(dir, `case${counter++}`);
  if (kind === 'curriculum-module') {
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'module.yaml'), content);
    writeFileSync(
      join(folder, 'exercises.yaml'),
      `schema: ${SCHEMA_IDS['curriculum-exercises']}\nexercises: []\n`,
    );
    return folder;
  }
  // A profile's id is its vendor/model path.
  const path = kind === 'profile' ? join(folder, 'acme', 'thing.yaml') : join(folder, `${kind}.yaml`);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

function load(kind: FileKind, target: string): Result<unknown> {
  switch (kind) {
    case 'profile':
      return loadProfile(target);
    case 'site':
      return loadSite(target);
    case 'scenario':
      return loadScenario(target);
    default:
      return loadModuleDir(target);
  }
}

/** Loads through the kind's own loader and through `phare validate`; both must report problems. */
function problemsOf(kind: FileKind, content: string | Buffer): Problem[] {
  const target = place(kind, content);
  const direct = load(kind, target);
  expect(direct.ok).toBe(false);
  const file = kind === 'curriculum-module' ? join(target, 'module.yaml') : target;
  const report = validateFiles([file]);
  expect(report.ok).toBe(false);
  // A module folder is two files: keep the problems of the hostile one.
  const problems = direct.ok
    ? []
    : direct.problems.filter((p) => kind !== 'curriculum-module' || p.file.endsWith('/module.yaml'));
  for (const p of [...problems, ...report.files.flatMap((f) => f.problems)]) {
    expect(p.file.length).toBeGreaterThan(0);
    expect(p.message.length).toBeGreaterThan(0);
    expect(Number.isInteger(p.line) && p.line >= 0 && Number.isInteger(p.column) && p.column >= 0).toBe(true);
  }
  return problems;
}

const KINDS: FileKind[] = ['profile', 'site', 'scenario', 'curriculum-module'];

function billionLaughs(kind: FileKind): string {
  const lines = [
    `schema: ${SCHEMA_IDS[kind]}`,
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ];
  const names = 'bcdefghij';
  for (let i = 0; i < names.length; i++) {
    const previous = i === 0 ? 'a' : names[i - 1]!;
    lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${previous}`).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}

describe.each(KINDS)('hostile %s files', (kind) => {
  const header = `schema: ${SCHEMA_IDS[kind]}\n`;

  it('refuses a billion-laughs alias bomb with a message that names the first alias', () => {
    const problems = problemsOf(kind, billionLaughs(kind));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/too many YAML aliases/);
    expect(problems[0]!.line).toBe(3);
  }, 20_000);

  it('refuses one huge list repeated through many aliases, which would blow up once expanded', () => {
    const big = `big: &big [${Array(40_000).fill('0').join(',')}]\n`;
    const uses = `uses: [${Array(90).fill('*big').join(', ')}]\n`;
    const problems = problemsOf(kind, header + big + uses);
    expect(problems.map(formatProblem).join('\n')).toMatch(/alias/);
  }, 20_000);

  it('refuses an alias inside its own anchor, which would be an endless structure', () => {
    const problems = problemsOf(kind, `${header}loop: &loop [1, *loop]\n`);
    expect(problems.map(formatProblem).join('\n')).toMatch(/:2:\d+: too many YAML aliases/);
  });

  it('refuses a 20 MB file by its size, before parsing it', () => {
    const huge = Buffer.alloc(20 * 1024 * 1024, 'a');
    Buffer.from(header).copy(huge);
    const problems = problemsOf(kind, huge);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 0, column: 0 });
    expect(problems[0]!.message).toMatch(/^file is 20\.0 MB; Phare reads data files up to 1 MB/);
  }, 20_000);

  it('reports a wrong type at its line and column', () => {
    const problems = problemsOf(kind, `${header}id: [1, 2]\n`);
    const idProblem = problems.find((p) => p.path[0] === 'id');
    expect(idProblem, problems.map(formatProblem).join('\n')).toBeDefined();
    expect(idProblem).toMatchObject({ line: 2, column: 5 });
  });

  it('reports an unknown key where it is, with the known key it resembles', () => {
    const problems = problemsOf(kind, `${header}idd: x\n`);
    const unknown = problems.find((p) => /unknown key "idd"/.test(p.message));
    expect(unknown, problems.map(formatProblem).join('\n')).toMatchObject({ line: 2, column: 1 });
    expect(unknown!.hint).toMatch(/did you mean "?id"?/);
  });

  it('survives nesting 100 000 brackets or 5 000 block levels deep', () => {
    const flow = problemsOf(kind, `${header}x: ${'['.repeat(100_000)}\n`);
    expect(flow.length).toBeGreaterThan(0);
    const block = Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    expect(problemsOf(kind, `${header}${block} 1\n`).length).toBeGreaterThan(0);
  }, 30_000);

  it('names the first byte of binary garbage that is not UTF-8', () => {
    const garbage = Buffer.concat([Buffer.from(header), Buffer.from([0x00, 0xff, 0xfe, 0x80, 0xc3, 0x28])]);
    const problems = problemsOf(kind, garbage);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 2 });
    expect(problems[0]!.message).toMatch(/is not valid UTF-8/);
  });

  it('reads past a UTF-8 byte order mark and still places problems by line', () => {
    const problems = problemsOf(kind, `\ufeff${header}idd: x\n`);
    expect(problems.find((p) => /unknown key "idd"/.test(p.message))).toMatchObject({ line: 2, column: 1 });
  });

  it('refuses a tab used for indentation at its position', () => {
    const problems = problemsOf(kind, `${header}title:\n\tfr: x\n`);
    expect(problems[0]).toMatchObject({ line: 3 });
    expect(problems[0]!.message).toMatch(/tab|indent/i);
  });
});

describe('generated text as a data file', () => {
  it('never throws, whatever the text, and every problem names the file', () => {
    const yamlish = fc.stringMatching(/^[a-z:&*!\-[\]{}|>"' \n\t#%@`,?0-9]{0,200}$/);
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), fc.oneof(yamlish, fc.string()), (kind, text) => {
        const target = place(kind, `schema: ${SCHEMA_IDS[kind]}\n${text}`);
        const result = load(kind, target);
        if (!result.ok) for (const p of result.problems) expect(formatProblem(p)).toContain(p.file);
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('keeps the shipped files valid, so the hostile cases above fail for their own reason', () => {
    const shipped = [
      join(repoRoot, 'hardware', 'sites', 'demo.yaml'),
      join(repoRoot, 'scenarios', 'lighting', 'lamp-failure.yaml'),
      join(repoRoot, 'curriculum', 'modules', '01-decouverte', 'module.yaml'),
    ];
    const report = validateFiles(shipped);
    expect(report.files.flatMap((f) => f.problems).map(formatProblem)).toEqual([]);
    expect(readFileSync(shipped[0]!, 'utf8').length).toBeGreaterThan(0);
  });
});
