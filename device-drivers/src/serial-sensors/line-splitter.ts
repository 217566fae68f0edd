/**
 * Cuts a byte stream into lines at a terminator (`\r\n` for NMEA and SDI-12, `\r` for MaxBotix:
 * protocols.md §7.4). A line that grows past `maxLength` without a terminator is noise: it is
 * reported as an overflow and dropped, so a stuck transmitter cannot grow memory without bound.
 */

export type Terminator = '\r\n' | '\r';

export interface SplitResult {
  lines: string[];
  /** Characters dropped because no terminator came within maxLength. */
  overflowed: string[];
}

export class LineSplitter {
  private buffer = '';

  constructor(
    private readonly terminator: Terminator,
    private readonly maxLength = 256,
  ) {}

  push(chunk: Buffer): SplitResult {
    this.buffer += chunk.toString('latin1');
    const lines: string[] = [];
    const overflowed: string[] = [];
    for (;;) {
      const end = this.buffer.indexOf(this.terminator);
      if (end < 0) break;
      let line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + this.terminator.length);
      // With a bare `\r` terminator a stray `\n` from the previous line's CR LF is not content.
      if (this.terminator === '\r' && line.startsWith('\n')) line = line.slice(1);
      lines.push(line);
    }
    if (this.buffer.length > this.maxLength) {
      overflowed.push(this.buffer);
      this.buffer = '';
    }
    return { lines, overflowed };
  }
}
