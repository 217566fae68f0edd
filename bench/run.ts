/**
 * `npm run bench`: runs every benchmark and prints each figure against its ceiling.
 * `npm run bench -- NAME…` runs only the named ones. Exit code 0 even when a target is missed:
 * a benchmark informs, it does not gate CI (the tests do).
 */
import { browserLatency } from './browser-latency.bench.ts';
import { daliBroadcast } from './dali-broadcast.bench.ts';
import { formatResult, type Benchmark, type BenchResult } from './harness.ts';
import { modbusThroughput } from './modbus-throughput.bench.ts';
import { opcuaMonitored } from './opcua-monitored.bench.ts';
import { rtuPollRate } from './rtu-poll-rate.bench.ts';
import { scenarioTiming } from './scenario-timing.bench.ts';
import { sdi12Cycle } from './sdi12-cycle.bench.ts';
import { showroomFanout } from './showroom-fanout.bench.ts';

const ALL: Benchmark[] = [
  modbusThroughput,
  daliBroadcast,
  browserLatency,
  scenarioTiming,
  opcuaMonitored,
  sdi12Cycle,
  rtuPollRate,
  showroomFanout,
];

const wanted = process.argv.slice(2);
const selected = wanted.length ? ALL.filter((b) => wanted.includes(b.name)) : ALL;
const results: BenchResult[] = [];
console.log(`phare bench: ${selected.length} benchmark(s) on Node ${process.version}\n`);
for (const bench of selected) {
  try {
    const out = await bench.run();
    results.push(...out);
    for (const r of out) console.log(formatResult(r) + '\n');
  } catch (error) {
    console.log(`FAILED ${bench.name}: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
const met = results.filter((r) => r.met).length;
console.log(`${met}/${results.length} targets met`);
process.exit(0);
