/**
 * Applies live point changes once per animation frame (issue 6: 500 points changing 10 times a
 * second). Each socket message would otherwise re-render the twin on its own; when several arrive
 * within one frame (a busy page, a burst after a stall) they are applied together, in arrival
 * order and with the store's own rules, so the page shows exactly what it would have shown, at
 * most one DOM update a frame.
 *
 * requestAnimationFrame does not run in a hidden tab: a timer backs it up, and a page that falls
 * far behind applies what it holds at once rather than holding it without bound.
 */
export interface FrameBatcher<T> {
  push(batch: T): void;
  /** Apply what is held now (before a snapshot replaces everything, or when the link drops). */
  flush(): void;
  close(): void;
}

export function frameBatcher<T>(
  apply: (batches: T[]) => void,
  options: { fallbackMs?: number; maxHeld?: number } = {},
): FrameBatcher<T> {
  const fallbackMs = options.fallbackMs ?? 250;
  const maxHeld = options.maxHeld ?? 64;
  let held: T[] = [];
  let frame: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hasFrames = typeof requestAnimationFrame === 'function';

  const flush = (): void => {
    if (frame !== undefined) cancelAnimationFrame(frame);
    clearTimeout(timer);
    frame = undefined;
    timer = undefined;
    if (held.length === 0) return;
    const batches = held;
    held = [];
    apply(batches);
  };

  return {
    push(batch) {
      held.push(batch);
      if (held.length >= maxHeld) return flush();
      if (timer !== undefined) return;
      if (hasFrames) frame = requestAnimationFrame(flush);
      timer = setTimeout(flush, fallbackMs);
    },
    flush,
    close() {
      if (frame !== undefined) cancelAnimationFrame(frame);
      clearTimeout(timer);
      frame = undefined;
      timer = undefined;
      held = [];
    },
  };
}
