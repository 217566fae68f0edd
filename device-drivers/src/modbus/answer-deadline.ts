/**
 * How long a request waits for its answer. When the deadline passes, the answer may already be
 * in the socket's buffer: after the event loop was blocked (a garbage collection, a synchronous
 * load, a busy machine), libuv runs expired timers before it reads sockets, so a plain timer would
 * call a timeout an answer that arrived in time. Expiry is therefore confirmed one turn later
 * (setImmediate runs after the poll phase has delivered pending data).
 */
export interface AnswerDeadline {
  clear(): void;
}

export function answerDeadline(timeoutMs: number, onExpired: () => void): AnswerDeadline {
  let immediate: NodeJS.Immediate | undefined;
  const timer = setTimeout(() => {
    immediate = setImmediate(onExpired);
  }, timeoutMs);
  return {
    clear() {
      clearTimeout(timer);
      if (immediate) clearImmediate(immediate);
    },
  };
}
