/**
 * GET /api/audit.csv: the audit log as a spreadsheet (issue 9 §2), for staff. The same filters as
 * GET /api/audit (`point` exact or `device.` prefix, `who` substring, `result` ok|refused, `limit`,
 * here up to the newest 10 000 entries by default), newest first.
 *
 * The file is RFC 4180: comma-separated, CRLF line ends, a header row, fields with a separator,
 * quote or line break quoted with quotes doubled. It starts with a UTF-8 byte-order mark, without
 * which Excel reads UTF-8 as Windows-1252 and "Fenêtre" becomes "FenÃªtre". French Excel expects
 * ";" between columns when a file is double-clicked: `?separator=semicolon` gives that.
 *
 * Formula injection (OWASP "CSV Injection"): a text cell starting with = + - @ (or a tab or CR)
 * would run as a formula when opened; it gets a leading apostrophe. The who, point and message
 * columns carry text a user typed, so this matters. Numbers are written as numbers ("-3" is a
 * number, not a formula).
 *
 * The audit log is append-only: there is no route that edits or deletes an entry (a test proves it).
 */
import type { FastifyInstance } from 'fastify';
import { STAFF } from '../auth/roles.ts';
import type { AuditStore } from '../storage/audit-store.ts';
import { sendError } from './routes.ts';
import type { AuditRecord } from './wire.ts';

/** The newest entries an export (or a filtered query) looks through, as GET /api/audit. */
export const AUDIT_EXPORT_MAX = 10_000;

export interface AuditExportContext {
  audit: AuditStore;
}

const COLUMNS = [
  'id',
  'time',
  'who',
  'point',
  'device',
  'old_value',
  'new_value',
  'result',
  'error_code',
  'error_message',
  'commands',
] as const;

type Query = Partial<Record<'limit' | 'point' | 'who' | 'result' | 'separator', string>>;

export function registerAuditExport(app: FastifyInstance, ctx: AuditExportContext): void {
  app.get<{ Querystring: Query }>('/api/audit.csv', { config: { allow: STAFF } }, (req, reply) => {
    const { point, who, result, separator } = req.query;
    const limit = parseLimit(req.query.limit);
    if (limit === undefined)
      return sendError(reply, { code: 'BAD_REQUEST', message: 'limit must be a positive integer' });
    if (result !== undefined && result !== '' && result !== 'ok' && result !== 'refused')
      return sendError(reply, { code: 'BAD_REQUEST', message: 'result must be ok or refused' });
    if (separator !== undefined && separator !== 'comma' && separator !== 'semicolon')
      return sendError(reply, { code: 'BAD_REQUEST', message: 'separator must be comma or semicolon' });
    const entries = ctx.audit
      .recent(AUDIT_EXPORT_MAX)
      .filter((e) => auditMatches(e, { point, who, result }))
      .slice(0, limit);
    const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
    return reply
      .type('text/csv; charset=utf-8; header=present')
      .header('content-disposition', `attachment; filename="phare-audit-${stamp}.csv"`)
      .header('cache-control', 'no-store')
      .send(auditCsv(entries, separator === 'semicolon' ? ';' : ','));
  });
}

/** The same matching as GET /api/audit. */
export function auditMatches(
  entry: AuditRecord,
  filter: { point?: string | undefined; who?: string | undefined; result?: string | undefined },
): boolean {
  const { point, who, result } = filter;
  return (
    (!point || (point.endsWith('.') ? entry.point.startsWith(point) : entry.point === point)) &&
    (!who || entry.who.includes(who)) &&
    (!result || entry.ok === (result === 'ok'))
  );
}

/** The whole file: BOM, header row, one row per entry, CRLF after each row. */
export function auditCsv(entries: AuditRecord[], separator: ',' | ';' = ','): string {
  const rows = [
    [...COLUMNS],
    ...entries.map((e) => [
      e.id,
      new Date(e.ts).toISOString(),
      e.who,
      e.point,
      e.device,
      e.oldValue,
      e.newValue,
      e.ok ? 'ok' : 'refused',
      e.error?.code ?? null,
      e.error?.message ?? null,
      e.commands.join(' | '),
    ]),
  ];
  return (
    '\uFEFF' + rows.map((row) => row.map((v) => csvField(v, separator)).join(separator) + '\r\n').join('')
  );
}

/** One field: text made formula-safe, then quoted when RFC 4180 says so. */
export function csvField(value: unknown, separator: ',' | ';' = ','): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  }
  const needsQuotes = text.includes(separator) || /["\r\n]/.test(text);
  return needsQuotes ? `"${text.replaceAll('"', '""')}"` : text;
}

function parseLimit(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return AUDIT_EXPORT_MAX;
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? Math.min(n, AUDIT_EXPORT_MAX) : undefined;
}
