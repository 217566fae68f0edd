/**
 * What goes through the coordinator's queue (work-queue.ts): a poll of a planned request, a
 * one-shot read, or a write; and the deadline that guards a driver call.
 */
import type {
  Link,
  PointReading,
  PointWrite,
  ReadRequest,
  WriteReport,
} from '@phare/device-drivers/contract.ts';
import { PhareError, Timeout } from '@phare/device-drivers/errors.ts';
import type { DeviceRuntime, PollJob } from './device-runtime.ts';
import { Priority, type WorkQueue } from './work-queue.ts';

export interface Settle<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

export type PollWork = {
  kind: 'poll';
  priority: typeof Priority.Poll;
  unit: string;
  job: PollJob;
  /** A probe of a dead unit: its answer revives the unit, its silence pushes the next probe back. */
  probe: boolean;
};
export type ReadNowWork = {
  kind: 'readNow';
  priority: typeof Priority.ReadNow;
  unit: string;
  device: DeviceRuntime;
  request: ReadRequest;
  settle: Settle<PointReading[]>;
};
export type WriteWork = {
  kind: 'write';
  priority: typeof Priority.Write;
  unit: string;
  device: DeviceRuntime;
  writes: PointWrite[];
  settle: Settle<WriteReport>;
};
export type Work = PollWork | ReadNowWork | WriteWork;

export const deviceOf = (work: Work): DeviceRuntime => (work.kind === 'poll' ? work.job.device : work.device);
export const requestOf = (work: PollWork | ReadNowWork): ReadRequest =>
  work.kind === 'poll' ? work.job.request : work.request;

function lateAnswer(work: Work, what: string, connectionKey: string): () => PhareError {
  const device = deviceOf(work);
  const { timeoutMs } = device.spec;
  return () =>
    new Timeout(`${device.id}: ${what} got no answer within ${timeoutMs} ms on ${connectionKey}`, {
      device: device.id,
      detail: { unit: work.unit },
    });
}

/** One driver read; the deadline leaves the client's own timeout room to fire first. */
export function readWithDeadline(
  work: PollWork | ReadNowWork,
  link: Link,
  connectionKey: string,
): Promise<PointReading[]> {
  const { driver, timeoutMs } = deviceOf(work).spec;
  const request = requestOf(work);
  const late = lateAnswer(work, `read ${request.key}`, connectionKey);
  return withDeadline(driver.read(link, request), timeoutMs * 1.5 + 100, late);
}

/** One driver write; it may take several requests (one per merged block), each with its timeout. */
export function writeWithDeadline(work: WriteWork, link: Link, connectionKey: string): Promise<WriteReport> {
  const { driver, timeoutMs } = work.device.spec;
  const late = lateAnswer(work, 'write', connectionKey);
  return withDeadline(driver.write(link, work.writes), timeoutMs * (work.writes.length + 1) + 100, late);
}

/**
 * Rejects with the given Timeout if the driver call outlives its deadline. A safety net only: the
 * protocol client times out first; this keeps a unit's slot from being held forever by a bug.
 */
export function withDeadline<T>(promise: Promise<T>, ms: number, timeout: () => PhareError): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  promise.catch(() => undefined); // the late rejection of a call the deadline already settled
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(timeout()), ms)));
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * A write report whose failures say the unit or the link did not answer: the write counts as a
 * timeout or a disconnection for unit health and reconnection, like a failed read.
 */
export function linkFailureOf(report: WriteReport): PhareError | undefined {
  return report.outcomes
    .map((outcome) => outcome.error)
    .find(
      (error): error is PhareError =>
        error instanceof PhareError && (error.code === 'TIMEOUT' || error.code === 'DISCONNECTED'),
    );
}

/** Queues a write of one device; settles with the driver's report. */
export function queueWrite(
  queue: WorkQueue<Work>,
  device: DeviceRuntime,
  writes: PointWrite[],
): Promise<WriteReport> {
  return new Promise<WriteReport>((resolve, reject) => {
    queue.push({
      kind: 'write',
      priority: Priority.Write,
      unit: device.writeUnit(),
      device,
      writes,
      settle: { resolve, reject },
    });
  });
}

/** Queues one-shot reads of some points (one per planned request); settles with all readings. */
export async function queueReadNow(
  queue: WorkQueue<Work>,
  device: DeviceRuntime,
  pointIds: string[],
): Promise<PointReading[]> {
  const results = device.spec.driver.planReads(pointIds).map(
    (request) =>
      new Promise<PointReading[]>((resolve, reject) => {
        queue.push({
          kind: 'readNow',
          priority: Priority.ReadNow,
          unit: request.unit,
          device,
          request,
          settle: { resolve, reject },
        });
      }),
  );
  return (await Promise.all(results)).flat();
}
