// A small metrics registry written out in the Prometheus text exposition format (version 0.0.4), which is what
// geth serves at /debug/metrics/prometheus. Counters and gauges, optionally with labels, and gauges whose value
// is read when the metrics are scraped (the chain head, pool sizes), so hot paths pay nothing for them.
// Our own instead of prom-client: the node needs two metric types and the text format, not a dependency tree.

export type LabelValues = Record<string, string>;

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

type MetricType = 'counter' | 'gauge';

interface Metric {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  /** The sample lines, without the HELP and TYPE lines. */
  samples(): string[];
}

function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** Values of one metric, kept per label combination. */
abstract class LabelledMetric implements Metric {
  abstract readonly type: MetricType;
  protected readonly values = new Map<string, { labels: string[]; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {}

  /** The value for these labels (0 when never set). */
  get(labels: LabelValues = {}): number {
    return this.values.get(this.key(labels).key)?.value ?? 0;
  }

  protected update(labels: LabelValues, fn: (old: number) => number): void {
    const { key, values } = this.key(labels);
    const entry = this.values.get(key);
    if (entry === undefined) this.values.set(key, { labels: values, value: fn(0) });
    else entry.value = fn(entry.value);
  }

  private key(labels: LabelValues): { key: string; values: string[] } {
    const given = Object.keys(labels);
    const unknown = given.find((l) => !this.labelNames.includes(l));
    if (unknown !== undefined) throw new Error(`metric ${this.name}: unknown label ${unknown}`);
    const values = this.labelNames.map((l) => {
      const v = labels[l];
      if (v === undefined) throw new Error(`metric ${this.name}: label ${l} missing`);
      return v;
    });
    return { key: JSON.stringify(values), values };
  }

  samples(): string[] {
    // A metric without labels shows 0 before its first update, so a scrape always lists it.
    if (this.labelNames.length === 0 && this.values.size === 0) return [`${this.name} 0`];
    return [...this.values.values()].map(({ labels, value }) => {
      if (labels.length === 0) return `${this.name} ${formatNumber(value)}`;
      const pairs = labels.map((v, i) => `${this.labelNames[i]}="${escapeLabelValue(v)}"`);
      return `${this.name}{${pairs.join(',')}} ${formatNumber(value)}`;
    });
  }
}

export class Counter extends LabelledMetric {
  readonly type = 'counter';

  inc(labels: LabelValues = {}, amount = 1): void {
    if (!(amount >= 0)) throw new Error(`metric ${this.name}: a counter cannot go down (inc by ${amount})`);
    this.update(labels, (old) => old + amount);
  }
}

export class Gauge extends LabelledMetric {
  readonly type = 'gauge';

  set(value: number, labels: LabelValues = {}): void {
    this.update(labels, () => value);
  }

  inc(labels: LabelValues = {}, amount = 1): void {
    this.update(labels, (old) => old + amount);
  }

  dec(labels: LabelValues = {}, amount = 1): void {
    this.update(labels, (old) => old - amount);
  }
}

/** A gauge read from its owner at scrape time. */
class GaugeFunc implements Metric {
  readonly type = 'gauge';

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly read: () => number | bigint,
  ) {}

  samples(): string[] {
    const v = this.read();
    return [`${this.name} ${typeof v === 'bigint' ? v.toString() : formatNumber(v)}`];
  }
}

export class Registry {
  private readonly metrics = new Map<string, Metric>();

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter(name, help, checkLabels(name, labelNames)));
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.add(new Gauge(name, help, checkLabels(name, labelNames)));
  }

  /** A gauge whose value `read` gives each time the metrics are written out. */
  gaugeFunc(name: string, help: string, read: () => number | bigint): void {
    this.add(new GaugeFunc(name, help, read));
  }

  has(name: string): boolean {
    return this.metrics.has(name);
  }

  /** Every metric in the Prometheus text format, sorted by name. A metric whose reader throws is left out. */
  exposition(): string {
    const out: string[] = [];
    for (const name of [...this.metrics.keys()].sort()) {
      const m = this.metrics.get(name)!;
      let samples: string[];
      try {
        samples = m.samples();
      } catch {
        continue;
      }
      out.push(`# HELP ${m.name} ${escapeHelp(m.help)}`, `# TYPE ${m.name} ${m.type}`, ...samples);
    }
    return out.length === 0 ? '' : out.join('\n') + '\n';
  }

  private add<M extends Metric>(metric: M): M {
    if (!METRIC_NAME.test(metric.name)) throw new Error(`invalid metric name ${JSON.stringify(metric.name)}`);
    if (this.metrics.has(metric.name)) throw new Error(`metric ${metric.name} is already registered`);
    this.metrics.set(metric.name, metric);
    return metric;
  }
}

function checkLabels(metric: string, labelNames: readonly string[]): readonly string[] {
  for (const l of labelNames) {
    if (!LABEL_NAME.test(l) || l.startsWith('__')) throw new Error(`metric ${metric}: invalid label name ${JSON.stringify(l)}`);
  }
  if (new Set(labelNames).size !== labelNames.length) throw new Error(`metric ${metric}: duplicate label names`);
  return [...labelNames];
}
