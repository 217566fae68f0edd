/**
 * A register scan as a profile draft (YAML text, `kind: modbus-device`): every register found
 * becomes a point marked TODO (label, unit, type, scale, access and limits need the datasheet), with
 * the value read during the scan as a hint; ranges that answered exception 0x02 are listed as
 * comments (candidates for forbiddenRanges). Same conventions as the OPC-UA draft
 * (device-drivers/src/opcua/draft-yaml.ts): strings as JSON strings, valid YAML.
 * The draft validates as it stands (`phare validate`), so a vendor can iterate from a valid file.
 */
import type { ScanResult } from './modbus-scan.ts';

const q = (text: string): string => JSON.stringify(text);

const TABLE_WORDS = {
  holding: { fr: 'Registre de maintien', en: 'Holding register' },
  input: { fr: "Registre d'entrée", en: 'Input register' },
} as const;

export interface ModbusDraftInput {
  endpoint: string;
  scannedAt: string;
  from: number;
  to: number;
  scan: ScanResult;
}

export function modbusDraftYaml(input: ModbusDraftInput): string {
  const { scan } = input;
  const signed = (v: number): number => (v > 0x7fff ? v - 0x10000 : v);
  const points = scan.found.flatMap((r) => {
    const words = TABLE_WORDS[r.table];
    const next = scan.found.find((o) => o.table === r.table && o.address === r.address + 1);
    return [
      `  - id: ${r.table}${r.address}`,
      `    label: { fr: ${q(`${words.fr} ${r.address}`)}, en: ${q(`${words.en} ${r.address}`)} } # TODO: what it is, in French and English`,
      `    unit: "1" # TODO: UCUM unit (Cel, W, kW.h, %, m3/h…); read ${r.value} (signed ${signed(r.value)}) during the scan`,
      `    table: ${r.table}`,
      `    address: ${r.address}`,
      `    type: uint16 # TODO: int16, bitmap16, bool with bit:, or a 32-bit type${next ? ` with ${r.table} ${next.address} (wordOrder)` : ''}`,
      `    access: read # TODO: readwrite, with range and limits, if Phare may write it`,
      `    source: scan ${r.table} ${r.address} # TODO: cite the datasheet page and table instead`,
    ];
  });
  const absent = scan.absent.map((a) => `#   ${a.table} ${a.from}${a.to > a.from ? `–${a.to}` : ''}`);
  const lines = [
    '# yaml-language-server: $schema=../../schema/profile.schema.json',
    `# Draft profile scanned from ${input.endpoint} on ${input.scannedAt}: ${scan.found.length} register(s) answered`,
    `# in ${input.from}–${input.to} (${scan.requests} request(s)). Every line marked TODO needs a human, with the datasheet.`,
    '# Then: `npx phare validate <this file>` and `npx phare interop --profile <this file> --endpoint …`.',
    ...(scan.refusedTables.length > 0
      ? [`# The device refused whole tables (exception 01): ${scan.refusedTables.join(', ')}.`]
      : []),
    ...(absent.length > 0
      ? [
          '# Addresses that answered exception 02 (no such register); candidates for forbiddenRanges:',
          ...absent,
        ]
      : []),
    'schema: phare/profile@1',
    'id: todo-vendor/todo-model # TODO: vendor/model in lower case = the file path under hardware/profiles',
    'vendor: "TODO" # TODO: the manufacturer',
    'model: "TODO" # TODO: the model and its firmware version',
    'kind: modbus-device',
    'protocol: modbus',
    'sources:',
    '  scan:',
    `    title: ${q(`Register scan of ${input.endpoint}, ${input.scannedAt.slice(0, 10)}`)}`,
    '  # TODO: add the datasheet (title, url) and cite it in points[].source',
    'connection:',
    `  endpoint: ${q(input.endpoint)}`,
    '  timeoutMs: 1000 # TODO: from the datasheet (gateways often need 500–2000 ms)',
    '  pollIntervalMs: 1000',
    '  maxGap: 0 # TODO: raise it if the datasheet says unmapped registers read harmlessly',
    '  maxRegistersPerRequest: 125',
    '  forbiddenRanges: [] # TODO: registers that must never be read',
    ...(points.length > 0
      ? ['points:', ...points]
      : ['# No register answered in the range scanned: widen --from/--to, or check --unit.', 'points: []']),
  ];
  return `${lines.join('\n')}\n`;
}
