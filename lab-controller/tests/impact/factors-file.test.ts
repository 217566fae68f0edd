import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/config/problem.ts';
import { EQUIPMENT_KINDS, FACTOR_KEYS } from '../../src/impact/factors-schema.ts';
import { defaultFactorsPath, loadImpactFactors } from '../../src/impact/load-factors.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function writeVariant(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'phare-impact-'));
  dirs.push(dir);
  const path = join(dir, 'factors.yaml');
  writeFileSync(path, text);
  return path;
}

describe('the factors file hardware/impact/factors-fr.yaml', () => {
  it('loads without a problem', () => {
    const result = loadImpactFactors();
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
  });

  it('gives every factor and every equipment a source, a year, a certainty and ordered bounds', () => {
    const result = loadImpactFactors();
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    const { factors, equipment } = result.value;
    expect(Object.keys(factors).sort()).toEqual([...FACTOR_KEYS].sort());
    expect(Object.keys(equipment).sort()).toEqual([...EQUIPMENT_KINDS].sort());
    for (const f of Object.values(factors)) {
      expect(f.source.length).toBeGreaterThan(10);
      expect(f.year).toBeGreaterThanOrEqual(2000);
      expect(f.low).toBeLessThanOrEqual(f.central);
      expect(f.central).toBeLessThanOrEqual(f.high);
      expect(f.label.fr.length).toBeGreaterThan(0);
    }
    for (const e of Object.values(equipment)) {
      expect(e.source.length).toBeGreaterThan(10);
      expect(e.year).toBeGreaterThanOrEqual(2000);
      expect(e.certainty).toBe('estimate');
      expect(e.lifetimeYears.low).toBeGreaterThan(0);
    }
  });

  it('holds the well-known central values of the model (4 100 h/year, 0,227 kgCO2e/kWh PCI for gas)', () => {
    const result = loadImpactFactors();
    if (!result.ok) throw new Error('factors file does not load');
    expect(result.value.factors.lightingHoursPerYear.central).toBe(4100);
    expect(result.value.factors.gasEmission.central).toBe(0.227);
    expect(result.value.factors.electricityEmission.central).toBeLessThan(0.1);
  });

  it('names the line of a factor that lost its source', () => {
    const text = readFileSync(defaultFactorsPath, 'utf8');
    const broken = text.replace(/^ {4}source: ADEME Base Empreinte \(mix moyen.*\n/m, '');
    expect(broken).not.toBe(text);
    const result = loadImpactFactors(writeVariant(broken));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const lines = result.problems.map(formatProblem);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /factors\.yaml:\d+:\d+: missing required key "source" in factors\.electricityEmission/,
    );
  });

  it('refuses bounds out of order and names the factor', () => {
    const text = readFileSync(defaultFactorsPath, 'utf8');
    const broken = text.replace('    low: 0.15\n    central: 0.22', '    low: 0.25\n    central: 0.22');
    expect(broken).not.toBe(text);
    const result = loadImpactFactors(writeVariant(broken));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path.join('.'))).toEqual(['factors.electricityPrice.central']);
    expect(result.problems[0]!.message).toContain('low <= central <= high');
  });
});
