/**
 * A discovered server as a profile draft (YAML text, `kind: opcua-controller`), with a TODO comment
 * on each line a human must fill in or check: id, vendor and model, French labels, the vendor's
 * documentation to cite, safe write limits, units the server did not publish.
 * Strings are written as JSON strings, which are valid YAML double-quoted scalars.
 */
import type { DraftPoint, DraftProfile } from './discovery.ts';

const q = (text: string): string => JSON.stringify(text);

function pointLines(point: DraftPoint): string[] {
  const lines = [`  - id: ${point.id}`];
  lines.push(
    `    label: { fr: ${q(point.displayName)}, en: ${q(point.displayName)} } # TODO: French and English labels`,
  );
  if (point.description) lines.push(`    # Server description: ${point.description.replace(/\n/g, ' ')}`);
  lines.push(`    nodeId: ${q(point.nodeId)}`);
  lines.push(`    # or, if the namespace index may change: browsePath: ${q(point.browsePath)}`);
  lines.push(
    point.dataType ? `    dataType: ${point.dataType}` : '    # TODO: dataType (the server did not say)',
  );
  lines.push(`    access: ${point.access}`);
  const numeric = point.dataType !== 'Boolean' && point.dataType !== 'String';
  if (point.unit) {
    lines.push(`    unit: ${q(point.unit)}`);
  } else if (numeric) {
    const server = point.serverUnit
      ? ` (server says ${point.serverUnit.displayName ?? ''} ${point.serverUnit.uneceCode ? `UNECE ${point.serverUnit.uneceCode}` : ''})`
      : ' (no EngineeringUnits on the server)';
    lines.push(`    unit: "1" # TODO: UCUM code${server.replace(/\s+\)/, ')')}`);
  }
  if (point.range) lines.push(`    range: { min: ${point.range.min}, max: ${point.range.max} } # EURange`);
  if (point.access !== 'read' && numeric) {
    const limits = point.range
      ? `{ min: ${point.range.min}, max: ${point.range.max} }`
      : '{ min: 0, max: 0 }';
    lines.push(`    limits: ${limits} # TODO: the values Phare may write safely, within range`);
  }
  lines.push('    source: discovery # TODO: cite the vendor documentation instead when it lists this point');
  return lines;
}

export function draftProfileYaml(draft: DraftProfile): string {
  const { server } = draft;
  const lines = [
    '# yaml-language-server: $schema=../../schema/profile.schema.json',
    `# Draft profile discovered from ${draft.endpoint} on ${draft.discoveredAt}: ${draft.points.length} variable(s).`,
    '# Every line marked TODO needs a human. Then run `npx phare validate <this file>`.',
    ...(draft.truncated ? ['# WARNING: the browse stopped at maxNodes; some variables are missing.'] : []),
    'schema: phare/profile@1',
    'id: todo-vendor/todo-model # TODO: vendor/model in lower case = the file path under hardware/profiles',
    `vendor: ${q(server.manufacturerName ?? 'TODO')} # TODO: check (from the server BuildInfo)`,
    `model: ${q(server.productName ?? 'TODO')} # TODO: check (from the server BuildInfo)`,
    'kind: opcua-controller',
    'protocol: opcua',
    'sources:',
    '  discovery:',
    `    title: ${q(`Browse of ${draft.endpoint}${server.applicationUri ? ` (${server.applicationUri}${server.softwareVersion ? ` ${server.softwareVersion}` : ''})` : ''}, ${draft.discoveredAt.slice(0, 10)}`)}`,
    '  # TODO: add the vendor manual or symbol list (title, url, page) and cite it in points[].source',
    'connection:',
    `  endpoint: ${draft.endpoint}`,
    `  securityMode: ${draft.securityMode} # TODO: what the controller requires in production`,
    `  securityPolicy: ${draft.securityPolicy}`,
    '  timeoutMs: 5000',
    '  samplingIntervalMs: 250',
    'points:',
    ...draft.points.flatMap(pointLines),
  ];
  return `${lines.join('\n')}\n`;
}
