/**
 * Write safety through HTTP, as browsers on the LAN meet it: signed-in staff, apprentice and
 * vendor accounts and an anonymous visitor against a controller on an ephemeral port, simulators
 * driven through their control APIs; the audit log read back as JSON and exported as CSV.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord, WriteResultBody } from '../../src/api/wire.ts';
import { CSRF_HEADER, SESSION_COOKIE, type SessionView } from '../../src/auth/session-wire.ts';
import { auditCsv, csvField } from '../../src/api/audit-export.ts';
import { SLOW_POINT, SLOW_RATE, startWriteSafetyRig, type WriteSafetyRig } from './rig.ts';

const PASSWORD = 'un mot de passe assez long';

interface Client {
  name: string;
  request(method: string, path: string, body?: unknown): Promise<Response>;
}

let rig: WriteSafetyRig;
let staff: Client;
let apprentice: Client;
let vendor: Client;
const visitor: Client = { name: 'visitor', request: (method, path, body) => send(method, path, {}, body) };

function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Response> {
  return fetch(`${rig.controller.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function signIn(name: string, role: string): Promise<Client> {
  await rig.controller.accounts.add(name, role, PASSWORD);
  const res = await send('POST', '/api/session', {}, { name, password: PASSWORD });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  expect(cookie.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
  const view = ((await res.json()) as { data: SessionView }).data;
  const headers = { cookie, [CSRF_HEADER]: view.csrfToken! };
  return { name, request: (method, path, body) => send(method, path, headers, body) };
}

async function json<T>(
  res: Response,
): Promise<{ status: number; ok: boolean; data?: T; error?: { code: string; message: string } }> {
  const body = (await res.json()) as { ok: boolean; data?: T; error?: { code: string; message: string } };
  return { status: res.status, ...body };
}

async function audit(query: string): Promise<AuditRecord[]> {
  const answer = await json<AuditRecord[]>(await staff.request('GET', `/api/audit?${query}`));
  expect(answer.status).toBe(200);
  return answer.data!;
}

beforeAll(async () => {
  rig = await startWriteSafetyRig();
  staff = await signIn('chloe', 'staff');
  apprentice = await signIn('lea', 'apprentice');
  vendor = await signIn('vince', 'vendor');
}, 90_000);
afterAll(async () => {
  await rig?.close();
});

describe('writes over HTTP', () => {
  it('refuses an anonymous visitor and a vendor, and the value stays as it was', async () => {
    const before = rig.controller.registry.store.get('school.zone4.setpoint')?.value;
    const anonymous = await json(
      await visitor.request('POST', '/api/points/school.zone4.setpoint', { value: 25 }),
    );
    expect(anonymous).toMatchObject({ status: 401, ok: false, error: { code: 'UNAUTHORIZED' } });
    const vendorAnswer = await json(
      await vendor.request('POST', '/api/points/school.zone4.setpoint', { value: 25 }),
    );
    expect(vendorAnswer).toMatchObject({ status: 403, ok: false, error: { code: 'FORBIDDEN' } });
    expect(rig.controller.registry.store.get('school.zone4.setpoint')?.value).toBe(before);
  });

  it('lets an apprentice write only what the trainer reserved, each refusal in the audit with its reason', async () => {
    const refused = await json(
      await apprentice.request('POST', '/api/points/school.zone4.setpoint', { value: 19.5 }),
    );
    expect(refused).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } });
    expect(refused.error!.message).toMatch(/device school is not reserved for you/);
    rig.controller.locks.hold(['school'], { kind: 'apprentice', id: 'lea', label: 'apprentie Léa' });
    try {
      const done = await json<WriteResultBody>(
        await apprentice.request('POST', '/api/points/school.zone4.setpoint', { value: 19.5 }),
      );
      expect(done.status).toBe(200);
      const street = await json(
        await apprentice.request('POST', '/api/writes', [{ point: 'street.lamp01.level', value: 50 }]),
      );
      expect(street).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } });
    } finally {
      rig.controller.locks.release('lea');
    }
    const entries = await audit('who=api:lea');
    expect(entries.map((e) => [e.point, e.ok, e.error?.code ?? null])).toEqual([
      ['street.lamp01.level', false, 'FORBIDDEN'],
      ['school.zone4.setpoint', true, null],
      ['school.zone4.setpoint', false, 'FORBIDDEN'],
    ]);
    expect(entries[2]!.error!.message).toBe(refused.error!.message);
  });

  it("answers 429 with Retry-After past a point's rate, then accepts the write after that wait", async () => {
    for (let i = 0; i < SLOW_RATE.burst; i++)
      expect((await staff.request('POST', `/api/points/${SLOW_POINT}`, { value: 18 + i })).status).toBe(200);
    const res = await staff.request('POST', `/api/points/${SLOW_POINT}`, { value: 21 });
    const retryAfter = Number(res.headers.get('retry-after'));
    const answer = await json(res);
    expect(answer).toMatchObject({ status: 429, error: { code: 'TOO_MANY_REQUESTS' } });
    expect(answer.error!.message).toMatch(
      new RegExp(`^Point ${SLOW_POINT.replaceAll('.', '\\.')}: too many writes .*retry in`),
    );
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil(1 / SLOW_RATE.perSecond));
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
    expect((await staff.request('POST', `/api/points/${SLOW_POINT}`, { value: 21 })).status).toBe(200);
    const [latest, limited] = await audit(`point=${SLOW_POINT}&who=api:chloe`);
    expect(latest).toMatchObject({ newValue: 21, ok: true });
    expect(limited).toMatchObject({
      newValue: 21,
      ok: false,
      error: { code: 'FORBIDDEN', message: answer.error!.message },
    });
  }, 30_000);

  it('refuses 22 °C in Classroom 1 while its window is open and accepts it once closed', async () => {
    await rig.stimulate('school', '/window', { zone: 'Zone1', open: true });
    await rig.until('school.zone1.window-open', true);
    const refused = await json(
      await staff.request('POST', '/api/points/school.zone1.setpoint', { value: 22 }),
    );
    expect(refused).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } });
    expect(refused.error!.message).toMatch(
      /^Interlock no-heating-with-window-open-cp: A Classroom 1 window is open/,
    );
    await rig.stimulate('school', '/window', { zone: 'Zone1', open: false });
    await rig.until('school.zone1.window-open', false);
    expect((await staff.request('POST', '/api/points/school.zone1.setpoint', { value: 22 })).status).toBe(
      200,
    );
    await rig.until('school.zone1.setpoint', 22);
    const [accepted, interlocked] = await audit('point=school.zone1.setpoint');
    expect(accepted).toMatchObject({ who: 'api:chloe', newValue: 22, ok: true });
    expect(interlocked).toMatchObject({
      who: 'api:chloe',
      newValue: 22,
      ok: false,
      error: { message: refused.error!.message },
    });
  }, 60_000);
});

/** RFC 4180 reader, to check the export round-trips (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string, separator = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('audit export', () => {
  it('exports the filtered audit as an RFC 4180 file with a BOM, formula-safe cells and the refusal reasons', async () => {
    // A hostile value: refused (not a number), but audited as typed, so it reaches the export.
    const hostile = '=HYPERLINK("http://evil.example","Voir, ici")';
    expect(
      (await staff.request('POST', `/api/points/school.zone2.setpoint`, { value: hostile })).status,
    ).toBe(400);
    expect((await staff.request('POST', `/api/points/school.zone2.setpoint`, { value: 20.5 })).status).toBe(
      200,
    );

    const res = await staff.request('GET', '/api/audit.csv?point=school.zone2.setpoint');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="phare-audit-\d{8}-\d{4}\.csv"$/,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([
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
    ]);
    const json = await audit('point=school.zone2.setpoint');
    expect(rows).toHaveLength(json.length);
    const [accepted, refused] = rows as [string[], string[]];
    expect(accepted.slice(0, 8)).toEqual([
      String(json[0]!.id),
      new Date(json[0]!.ts).toISOString(),
      'api:chloe',
      'school.zone2.setpoint',
      'school',
      String(json[0]!.oldValue),
      '20.5',
      'ok',
    ]);
    expect(accepted[10]).toBe(json[0]!.commands.join(' | '));
    expect(refused[6]).toBe(`'${hostile}`);
    expect(refused.slice(7, 9)).toEqual(['refused', 'OUT_OF_RANGE']);
    expect(refused[9]).toBe(json[1]!.error!.message);
    // The message quotes the value, so its field had to be quoted with doubled quotes on the wire.
    expect(text).toContain(`"Point school.zone2.setpoint needs a finite number, got ""=HYPERLINK(`);
  });

  it('offers semicolons for French Excel, and keeps the same filters as GET /api/audit', async () => {
    const res = await staff.request('GET', '/api/audit.csv?who=api:lea&result=refused&separator=semicolon');
    const rows = parseCsv((await res.text()).replace(/^\uFEFF/, ''), ';');
    const json = await audit('who=api:lea&result=refused');
    expect(rows.slice(1).map((r) => [r[0], r[2], r[7]])).toEqual(
      json.map((e) => [String(e.id), 'api:lea', 'refused']),
    );
    expect((await staff.request('GET', '/api/audit.csv?result=maybe')).status).toBe(400);
    expect((await staff.request('GET', '/api/audit.csv?limit=0')).status).toBe(400);
  });

  it('is for staff only', async () => {
    expect((await apprentice.request('GET', '/api/audit.csv')).status).toBe(403);
    expect((await vendor.request('GET', '/api/audit.csv')).status).toBe(403);
    expect((await visitor.request('GET', '/api/audit.csv')).status).toBe(401);
  });
});

describe('the audit log cannot be edited', () => {
  it('has no API route that changes or deletes an entry, even for signed-in staff', async () => {
    const [entry] = await audit('limit=1');
    const paths = ['/api/audit', `/api/audit/${entry!.id}`, '/api/audit.csv', `/api/audit?id=${entry!.id}`];
    for (const path of paths)
      for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
        const res = await staff.request(method, path, method === 'DELETE' ? undefined : { ok: true });
        expect([404, 405], `${method} ${path}`).toContain(res.status);
      }
    const [still] = await audit(`limit=1`);
    expect(still).toEqual(entry);
  });

  it('has no statement in the controller that updates or deletes audit rows', () => {
    const src = join(import.meta.dirname, '../../src');
    const files = (function walk(dir: string): string[] {
      return readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
      });
    })(src);
    const writesToAudit =
      /\b(UPDATE\s+audit|DELETE\s+FROM\s+audit|REPLACE\s+INTO\s+audit|DROP\s+TABLE\s+audit|INSERT\s+OR\s+REPLACE\s+INTO\s+audit)\b/i;
    const offenders = files.filter((f) => writesToAudit.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
    // The store contract itself: append and read, nothing else.
    const contract = readFileSync(join(src, 'storage/audit-store.ts'), 'utf8');
    const methods = /export interface AuditStore \{([\s\S]*?)\n\}/.exec(contract)![1]!.match(/^\s+(\w+)\(/gm);
    expect(methods?.map((m) => m.trim().slice(0, -1))).toEqual(['append', 'recent']);
  });
});

describe('CSV cells', () => {
  it('neutralises formulas, quotes what RFC 4180 says, and leaves numbers as numbers', () => {
    expect(['=1+2', '+33 6', '-x', '@SUM(A1)', '\tcmd'].map((v) => csvField(v))).toEqual([
      "'=1+2",
      "'+33 6",
      "'-x",
      "'@SUM(A1)",
      "'\tcmd",
    ]);
    expect(csvField(-3)).toBe('-3');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('a;b')).toBe('a;b');
    expect(csvField('a;b', ';')).toBe('"a;b"');
    expect(csvField('il a dit "non"\nvraiment')).toBe('"il a dit ""non""\nvraiment"');
    expect(csvField(null)).toBe('');
    expect(csvField({ mode: 2 })).toBe('"{""mode"":2}"');
    expect(auditCsv([])).toBe(
      '\uFEFFid,time,who,point,device,old_value,new_value,result,error_code,error_message,commands\r\n',
    );
  });
});
