/**
 * The interop reports the controller keeps (issue 8): every `phare interop` run writes its JSON,
 * JUnit and HTML reports into `<data dir>/interop-reports` as well, and the showroom lists them.
 *
 *   GET /api/interop/reports          listings, newest first (profile, endpoint, verdict, counts)
 *   GET /api/interop/reports/:file    one report file as written (HTML to print, JSON, JUnit XML)
 *
 * File names come from the URL: only names that a listing gave out are served, and pathInside()
 * refuses anything that would leave the folder, so `..%2F` gets a 404, never a file elsewhere.
 */
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { ADMIN, STAFF, type Role } from '../auth/roles.ts';
import { listReports, pathInside } from '../interop/reports/write-reports.ts';
import { sendError, sendOk } from './routes.ts';

export interface InteropRouteContext {
  /** Where the reports are kept; absent: the list is empty. */
  interopReportsDir?: string;
}

/** Vendors read the reports of the kit they brought; staff run the demonstrator. */
const REPORT_READERS: readonly Role[] = [...new Set([...STAFF, ...ADMIN, 'vendor' as const])];

const CONTENT_TYPES: [suffix: string, type: string][] = [
  ['.junit.xml', 'application/xml; charset=utf-8'],
  ['.json', 'application/json; charset=utf-8'],
  ['.html', 'text/html; charset=utf-8'],
];

/** The HTML report is self-contained (inline styles and SVG): nothing else may load or run in it. */
const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export function registerInteropRoutes(app: FastifyInstance, ctx: InteropRouteContext): void {
  const dir = ctx.interopReportsDir;

  app.get('/api/interop/reports', { config: { allow: REPORT_READERS } }, async (_req, reply) =>
    sendOk(reply, dir ? await listReports(dir) : []),
  );

  app.get<{ Params: { file: string } }>(
    '/api/interop/reports/:file',
    { config: { allow: REPORT_READERS } },
    async (req, reply) => {
      const name = req.params.file;
      const notFound = () =>
        sendError(reply, { code: 'NOT_FOUND', message: `No interop report file ${JSON.stringify(name)}` });
      const type = CONTENT_TYPES.find(([suffix]) => name.endsWith(suffix))?.[1];
      if (!dir || !type) return notFound();
      const listed = (await listReports(dir)).some((r) => Object.values(r.files).includes(name));
      if (!listed) return notFound();
      let text: string;
      try {
        text = await readFile(pathInside(dir, name), 'utf8');
      } catch {
        return notFound();
      }
      return reply
        .type(type)
        .header('content-security-policy', REPORT_CSP)
        .header('x-content-type-options', 'nosniff')
        .send(text);
    },
  );
}
