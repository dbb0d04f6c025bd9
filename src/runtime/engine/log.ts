/**
 * Log lines in Kamailio's format (` 0(PID) INFO: <script>: text`), filtered by the `debug` level.
 * Kamailio writes to syslog unless `log_stderror=yes`; kemits always writes to its sink (stderr by
 * default), so the lines a test or an operator sees are the ones Kamailio would print with `-E`.
 */

/** Kamailio's levels (`L_ALERT` … `L_DBG`); a line is printed when its level <= `debug`. */
export const LogLevel = {
  ALERT: -5,
  BUG: -4,
  CRIT: -3,
  ERROR: -1,
  WARNING: 0,
  NOTICE: 1,
  INFO: 2,
  DEBUG: 3,
} as const;
export type LogLevelName = keyof typeof LogLevel;

/** Kamailio's default `debug` (`L_WARN`). */
export const DEFAULT_DEBUG = 0;

const LABELS: Record<number, string> = { [-5]: "ALERT", [-4]: "BUG", [-3]: "CRITICAL", [-2]: "ERROR", [-1]: "ERROR", 0: "WARNING", 1: "NOTICE", 2: "INFO", 3: "DEBUG" };

export type LogSink = (line: string) => void;

export class Logger {
  /** The `debug` core parameter; may change at run time (`KSR.set_debug`-like calls, reload). */
  debug: number;
  private readonly prefix: string;
  /** Set when `log_prefix` holds PVs: the prefix for the line being written (see `usePrefix`). */
  private dynamicPrefix: (() => string) | null;
  private readonly sink: LogSink;

  constructor(sink: LogSink, debug = DEFAULT_DEBUG, logPrefix = "") {
    this.sink = sink;
    this.debug = debug;
    this.prefix = logPrefix;
    // With PVs the prefix exists only while a message is processed (Kamailio's log_prefix_set),
    // which the engine wires up once modules are loaded; until then lines carry none.
    this.dynamicPrefix = logPrefix.includes("$") ? () => "" : null;
  }

  /** The `log_prefix` text as the cfg wrote it. */
  get prefixText(): string {
    return this.prefix;
  }

  /** Takes each line's prefix from `prefix` instead of the fixed text (a `log_prefix` with PVs). */
  usePrefix(prefix: () => string): void {
    this.dynamicPrefix = prefix;
  }

  enabled(level: number): boolean {
    return level <= this.debug;
  }

  /** One line: `origin` is what Kamailio prints before the text (`<script>: `, `<core> [core/kemi.c:106]: …(): `). */
  write(level: number, origin: string, text: string): void {
    if (level > this.debug) return;
    const label = LABELS[level] ?? (level > 3 ? "DEBUG" : "ALERT");
    const end = text.endsWith("\n") ? "" : "\n";
    const prefix = this.dynamicPrefix === null ? this.prefix : this.dynamicPrefix();
    this.sink(` 0(${process.pid}) ${label}: ${prefix}${origin}${text}${end}`);
  }

  /** Runtime messages about itself (start-up, malformed input, route failures). */
  info(text: string): void {
    this.write(LogLevel.INFO, "<kemits>: ", text);
  }

  warn(text: string): void {
    this.write(LogLevel.WARNING, "<kemits>: ", text);
  }

  error(text: string): void {
    this.write(LogLevel.ERROR, "<kemits>: ", text);
  }

  dbg(text: string): void {
    this.write(LogLevel.DEBUG, "<kemits>: ", text);
  }
}

/** Writes to stderr. */
export const stderrSink: LogSink = (line) => {
  process.stderr.write(line);
};
