import cliProgress from 'cli-progress';

/**
 * A progress bar on stderr when stderr is a terminal, and nothing otherwise (pipes and CI logs stay
 * clean). `total` may be unknown: then it shows the count and the rate.
 */
export class Progress {
  private bar?: cliProgress.SingleBar;
  private readonly started = Date.now();
  private readonly enabled = process.stderr.isTTY === true;

  constructor(private readonly label: string) {}

  update(done: number, total?: number, detail = ''): void {
    if (!this.enabled) return;
    if (!this.bar) {
      const format = total
        ? `${this.label} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted} {detail}`
        : `${this.label} {value} | {rate}/s {detail}`;
      this.bar = new cliProgress.SingleBar({ format, stream: process.stderr, hideCursor: true, clearOnComplete: true, etaBuffer: 200 }, cliProgress.Presets.shades_classic);
      this.bar.start(total ?? 0, 0, { rate: '0', detail });
    }
    if (total && total !== this.bar.getTotal()) this.bar.setTotal(total);
    const seconds = (Date.now() - this.started) / 1000;
    this.bar.update(done, { rate: seconds > 0 ? (done / seconds).toFixed(1) : '0', detail });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
