/**
 * Hostile API payloads through real HTTP against a controller on an ephemeral port (issue 9 §5):
 * invalid JSON, wrong types, numbers JSON cannot hold or a register cannot take, NaN and Infinity
 * as strings, unknown points, very long ids, path traversal in point ids and report names, oversize
 * bodies, wrong content types, and fast-check-generated bodies for POST /api/points/:id and
 * POST /api/writes. Every refusal is a 4xx with the ApiResult error envelope, never a 500, and the
 * controller keeps serving. On loopback with no accounts the controller is a local bench
 * (anonymous = admin), so no login is needed.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PointSnapshot } from '../../src/api/wire.ts';
import type { RunningSimulators } from '../../src/controller/simulators.ts';
import type { Controller } from '../../src/controller/start-controller.ts';
import {
  dataOf,
  eventually,
  getJson,
  removeDir,
  startDemoSimulators,
  startTestController,
  tempDir,
} from '../support/harness.ts';

let sims: RunningSimulators;
let controller: Controller;
let dataDir: string;
let api: string;
const LEVEL = 'street.lamp01.level';

beforeAll(async () => {
  dataDir = tempDir();
  sims = await startDemoSimulators();
  controller = await startTestController(sims, dataDir);
  api = `${controller.url}/api`;
  await eventually(
    async () => {
      const p = dataOf(await getJson<PointSnapshot>(`${api}/points/${LEVEL}`));
      return p.state.quality === 'good' ? p : undefined;
    },
    30_000,
    `first poll of ${LEVEL}`,
  );
}, 120_000);

afterAll(async () => {
  await controller?.stop();
  await sims?.stop();
  removeDir(dataDir);
});

interface Answer {
  status: number;
  contentType: string;
  body: unknown;
}

async function send(
  method: string,
  path: string,
  body?: string,
  contentType = 'application/json',
): Promise<Answer> {
  const res = await fetch(`${controller.url}${path}`, {
    method,
    ...(body === undefined ? {} : { body, headers: { 'content-type': contentType } }),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // kept as text: the assertions below say what was expected
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: parsed };
}

/** A refusal: 4xx, JSON, `{ ok: false, error: { code, message } }`. */
function expectRefusal(answer: Answer, status?: number): void {
  const shown = `${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`;
  if (status !== undefined) expect(answer.status, shown).toBe(status);
  expect(answer.status >= 400 && answer.status < 500, shown).toBe(true);
  expect(answer.contentType).toMatch(/^application\/json/);
  expect(answer.body, shown).toMatchObject({
    ok: false,
    error: { code: expect.any(String), message: expect.any(String) },
  });
}

/** A write either succeeded (2xx, ok) or was refused (4xx envelope); 5xx only as 502 from a device. */
function expectHandled(answer: Answer): void {
  const shown = `${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`;
  expect(answer.status, shown).not.toBe(500);
  if (answer.status < 300) expect(answer.body, shown).toMatchObject({ ok: true });
  else if (answer.status === 502) expect(answer.body, shown).toMatchObject({ ok: false });
  else expectRefusal(answer);
}

async function stillServing(): Promise<void> {
  const answer = await send('GET', `/api/points/${LEVEL}`);
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ ok: true });
}

describe('POST /api/points/:id with hostile bodies', () => {
  const cases: [name: string, body: string, status?: number][] = [
    ['invalid JSON', '{"value": ', 400],
    ['a bare string', '"50"', 400],
    ['an array', '[50]', 400],
    ['an object without value', '{"level": 50}', 400],
    ['JSON null', 'null', 400],
    ['a number JSON cannot hold (1e309 parses to Infinity)', '{"value": 1e309}'],
    ['2^53 + 1', '{"value": 9007199254740993}'],
    ['-1e308', '{"value": -1e308}'],
    ['NaN as a string', '{"value": "NaN"}'],
    ['Infinity as a string', '{"value": "Infinity"}'],
    ['-Infinity as a string', '{"value": "-Infinity"}'],
    ['a bare NaN token', '{"value": NaN}', 400],
    ['a numeric string', '{"value": "50"}'],
    ['an object value', '{"value": {"$gt": 0}}'],
    ['a nested array value', '{"value": [[[[50]]]]}'],
    ['a boolean for a level', '{"value": true}'],
    ['a __proto__ key', '{"__proto__": {"value": 50}, "value": 50}', 400],
    ['a constructor.prototype key', '{"constructor": {"prototype": {"value": 50}}}', 400],
  ];

  it.each(cases)('refuses %s with a 4xx envelope', async (_name, body, status) => {
    expectRefusal(await send('POST', `/api/points/${LEVEL}`, body), status);
    await stillServing();
  });

  it('accepts -0 as the level 0 (a valid value, not a crash)', async () => {
    const answer = await send('POST', `/api/points/${LEVEL}`, '{"value": -0}');
    expectHandled(answer);
  });

  it('refuses a body over the size limit and keeps serving', async () => {
    const huge = `{"value": 1, "pad": "${'x'.repeat(2 * 1024 * 1024)}"}`;
    expectRefusal(await send('POST', `/api/points/${LEVEL}`, huge));
    await stillServing();
  });

  it.each([
    ['text/plain', '{"value": 50}'],
    ['application/x-www-form-urlencoded', 'value=50'],
    [
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="value"\r\n\r\n50\r\n--x--',
    ],
    ['application/json', ''],
    ['application/xml', '<value>50</value>'],
  ])('refuses content type %s', async (type, body) => {
    expectRefusal(await send('POST', `/api/points/${LEVEL}`, body, type));
  });

  it('refuses a write with no body at all', async () => {
    expectRefusal(await send('POST', `/api/points/${LEVEL}`));
  });
});

describe('point ids and report names from the URL', () => {
  const traversal = [
    '..%2F..%2Fetc%2Fpasswd',
    '..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd',
    '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '..%5C..%5Cwindows%5Cwin.ini',
    'street%00.lamp01.level',
    '%252e%252e%252f',
  ];

  it.each(traversal)('answers 404 for the point id %s', async (id) => {
    expectRefusal(await send('GET', `/api/points/${id}`), 404);
    expectRefusal(await send('POST', `/api/points/${id}`, '{"value": 1}'), 404);
    expectRefusal(await send('GET', `/api/points/${id}/history`), 404);
  });

  it.each([...traversal, 'phare.sqlite', '..%2Fphare.sqlite.json', '.json', '..%2F..%2Fetc%2Fpasswd.html'])(
    'answers 404 for the interop report name %s',
    async (name) => {
      expectRefusal(await send('GET', `/api/interop/reports/${name}`), 404);
    },
  );

  it('answers 404 for unknown points and ids of every length', async () => {
    expectRefusal(await send('GET', '/api/points/nowhere.nothing'), 404);
    expectRefusal(await send('POST', '/api/points/nowhere.nothing', '{"value": 1}'), 404);
    for (const length of [99, 100, 101, 1000, 10_000]) {
      const id = 'a'.repeat(length);
      expectRefusal(await send('GET', `/api/points/${id}`), 404);
      expectRefusal(await send('POST', `/api/points/${id}`, '{"value": 1}'), 404);
    }
    // Past Node's 16 kB header limit the HTTP parser answers before any route: 431, same envelope.
    expectRefusal(await send('GET', `/api/points/${'a'.repeat(60_000)}`), 431);
    await stillServing();
  });

  it('refuses a URL with a broken percent escape', async () => {
    expectRefusal(await send('GET', '/api/points/%zz'), 400);
    expectRefusal(await send('POST', '/api/points/%E0%A4%A', '{"value": 1}'), 400);
  });

  it('refuses bad history queries', async () => {
    for (const query of ['from=NaN', 'to=Infinity&from=-Infinity', 'limit=1e309', 'limit=-1', 'limit=0.5']) {
      expectRefusal(await send('GET', `/api/points/${LEVEL}/history?${query}`), 400);
    }
  });
});

describe('generated bodies', () => {
  const awkward = fc.oneof(
    fc.jsonValue(),
    fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e309', '0x10', ' 50 ', '', '50%', '５０'),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
    fc.constantFrom(2 ** 53 + 1, -(2 ** 53) - 1, Number.MAX_VALUE, Number.MIN_VALUE, -0),
  );

  it('POST /api/points/:id answers every JSON body with success or a 4xx envelope', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.record({ value: awkward }), fc.jsonValue(), fc.dictionary(fc.string(), awkward)),
        async (body) => {
          expectHandled(await send('POST', `/api/points/${LEVEL}`, JSON.stringify(body)));
        },
      ),
      { numRuns: 40 },
    );
    await stillServing();
  }, 120_000);

  it('POST /api/writes answers every JSON body with success or a 4xx envelope', async () => {
    const points = fc.constantFrom(LEVEL, 'street.lamp02.level', 'nowhere.x', '', '..%2F', 'a'.repeat(5000));
    const write = fc.oneof(
      fc.record({ point: points, value: awkward }),
      fc.record({ point: awkward, value: awkward }),
      fc.jsonValue(),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.array(write, { maxLength: 5 }), fc.jsonValue()), async (body) => {
        expectHandled(await send('POST', '/api/writes', JSON.stringify(body)));
      }),
      { numRuns: 40 },
    );
    await stillServing();
  }, 120_000);

  it('refuses a batch of ten thousand writes to unknown points without falling over', async () => {
    const body = JSON.stringify(
      Array.from({ length: 10_000 }, (_, i) => ({ point: `nowhere.p${i}`, value: i })),
    );
    expectRefusal(await send('POST', '/api/writes', body));
    await stillServing();
  }, 60_000);
});
