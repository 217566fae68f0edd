/**
 * The coordinator's queue: writes before one-shot reads before polls, oldest first within a
 * priority, and an item is only taken when its unit has a free slot.
 *
 * Why per-unit eligibility instead of a plain FIFO: Node-RED's Modbus nodes queue everything in one
 * line, so a unit that times out holds the queue and its neighbours starve (ARCHITECTURE.md §7).
 * Here a busy or slow unit only blocks its own items; the next unit's items go past it.
 */

export const Priority = { Write: 0, ReadNow: 1, Poll: 2 } as const;
export type PriorityValue = (typeof Priority)[keyof typeof Priority];

export interface QueuedItem {
  priority: PriorityValue;
  /** The addressable unit the item talks to (Modbus unit id), for slot accounting. */
  unit: string;
}

export class WorkQueue<T extends QueuedItem> {
  private entries: { item: T; seq: number }[] = [];
  private seq = 0;

  get size(): number {
    return this.entries.length;
  }

  push(item: T): void {
    this.entries.push({ item, seq: this.seq++ });
  }

  /** Removes and returns the most urgent item whose unit can take a request now. */
  takeNext(unitHasSlot: (unit: string) => boolean): T | undefined {
    let best: { item: T; seq: number } | undefined;
    const slotCache = new Map<string, boolean>();
    for (const entry of this.entries) {
      const { item } = entry;
      if (
        best &&
        (item.priority > best.item.priority || (item.priority === best.item.priority && entry.seq > best.seq))
      ) {
        continue;
      }
      let free = slotCache.get(item.unit);
      if (free === undefined) slotCache.set(item.unit, (free = unitHasSlot(item.unit)));
      if (free) best = entry;
    }
    if (!best) return undefined;
    this.entries.splice(this.entries.indexOf(best), 1);
    return best.item;
  }

  /** Removes and returns every item matching the predicate (all when omitted). */
  remove(predicate: (item: T) => boolean = () => true): T[] {
    const removed = this.entries.filter((entry) => predicate(entry.item)).map((entry) => entry.item);
    this.entries = this.entries.filter((entry) => !predicate(entry.item));
    return removed;
  }
}
