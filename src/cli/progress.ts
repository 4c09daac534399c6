/** Where the bar is drawn: a terminal stream (stderr). */
export interface ProgressStream {
  write(text: string): boolean;
  readonly columns?: number;
}

/**
 * A one-line progress bar (`scoring 12/48 [#####.....] 25%`), redrawn in place at most every
 * 100 ms (and for the last file), and erased at the end, so the terminal keeps only the output.
 */
export class ProgressBar {
  private done = 0;
  private drawnAt = -Infinity;
  private visible = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly total: number,
  ) {}

  /** Counts one finished file. */
  tick(): void {
    this.done += 1;
    const now = Date.now();
    if (now - this.drawnAt < 100 && this.done < this.total) return;
    this.drawnAt = now;
    this.draw();
  }

  /** Erases the bar. */
  finish(): void {
    if (this.visible) this.stream.write('\r\x1b[2K');
    this.visible = false;
  }

  private draw(): void {
    const label = `scoring ${this.done}/${this.total} `;
    const percent = ` ${Math.floor((100 * this.done) / this.total)}%`;
    const room = Math.max(10, Math.min(40, (this.stream.columns ?? 80) - label.length - percent.length - 3));
    const filled = Math.round((room * this.done) / this.total);
    this.stream.write(`\r\x1b[2K${label}[${'#'.repeat(filled)}${'.'.repeat(room - filled)}]${percent}`);
    this.visible = true;
  }
}
