// The part of autocannon 9's programmatic API the RPC benchmark uses (the package ships no types).
declare module 'autocannon' {
  export interface AutocannonRequest {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    /** Called right before each request of this entry is built; returns the request to send. */
    setupRequest?: (req: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
    onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void;
  }

  export interface AutocannonOptions {
    url: string;
    connections?: number;
    pipelining?: number;
    /** Seconds; ignored when `amount` is set. */
    duration?: number;
    /** Total requests, split evenly over the connections. */
    amount?: number;
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    requests?: AutocannonRequest[];
  }

  export interface AutocannonResult {
    /** Milliseconds. */
    latency: { p50: number; p99: number; max: number };
    errors: number;
    timeouts: number;
    non2xx: number;
  }

  /** The run: a promise of its result that also reports each failed request ('reqError', with its error). */
  export interface AutocannonRun extends Promise<AutocannonResult> {
    on(event: 'reqError', listener: (error: Error) => void): this;
    /** Ends the run now; the promise then resolves with what was measured. */
    stop(): void;
  }

  export default function autocannon(options: AutocannonOptions): AutocannonRun;
}
