import cliProgress from 'cli-progress';
import type { Terminal } from './terminal.js';

/**
 * A progress bar on stderr when stderr is a terminal, and nothing otherwise (pipes and CI logs stay
 * clean). `total` may be unknown: then it shows the count and the rate. Bytes show as MB.
 */
export class Progress {
  private bar?: cliProgress.SingleBar;
  private started = Date.now();
  private lastDetail = '';
  private readonly stream?: NodeJS.WritableStream;

  constructor(
    term: Terminal,
    private readonly label: string,
    private readonly unit: 'items' | 'bytes' = 'items',
  ) {
    this.stream = term.progressStream;
  }

  update(done: number, total?: number, detail = ''): void {
    if (!this.stream) return;
    if (!this.bar) {
      const format = total
        ? `${this.label} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted} {detail}`
        : `${this.label} {value} | {rate}/s {detail}`;
      const formatValue = (v: number, options: cliProgress.Options, type: cliProgress.ValueType) =>
        this.unit === 'bytes' && (type === 'value' || type === 'total') ? megabytes(v) : cliProgress.Format.ValueFormat(v, options, type);
      this.bar = new cliProgress.SingleBar(
        { format, formatValue, stream: this.stream, hideCursor: true, clearOnComplete: true, etaBuffer: 200 },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(total ?? 0, 0, { rate: '0', detail });
    }
    if (total && total !== this.bar.getTotal()) this.bar.setTotal(total);
    // Each file of a download has its own byte count, so its own rate.
    if (this.unit === 'bytes' && detail !== this.lastDetail) {
      this.lastDetail = detail;
      this.started = Date.now();
    }
    const seconds = (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    this.bar.update(done, { rate: this.unit === 'bytes' ? megabytes(rate) : rate.toFixed(1), detail });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
