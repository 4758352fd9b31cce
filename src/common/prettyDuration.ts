// Durations for log fields as geth prints them (Go's time.Duration format, at most three decimals): "850µs",
// "12.345ms", "1.5s", "2m3.25s", "1h0m5s".

/** Formats `ms` milliseconds; negative or non-finite input is a caller's bug and is shown as such. */
export function prettyDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 0) return '-' + prettyDuration(-ms);
  if (ms === 0) return '0s';
  if (ms < 1e-3) return `${trimmed(ms * 1e6)}ns`;
  if (ms < 1) return `${trimmed(ms * 1e3)}µs`;
  if (ms < 1000) return `${trimmed(ms)}ms`;
  const totalSeconds = ms / 1000;
  if (totalSeconds < 60) return `${trimmed(totalSeconds)}s`;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = `${trimmed(totalSeconds % 60)}s`;
  return hours > 0 ? `${hours}h${minutes}m${seconds}` : `${minutes}m${seconds}`;
}

/** Truncated (not rounded, as geth does) to three decimals, trailing zeros dropped. */
function trimmed(value: number): string {
  const text = (Math.floor(value * 1000) / 1000).toFixed(3);
  return text.replace(/\.?0+$/, '');
}
