/** A small levelled logger for the product's own lines (Fastify keeps its own request log off by default). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Log = (level: LogLevel, msg: string) => void;

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(min: LogLevel, write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Log {
  return (level, msg) => {
    if (ORDER[level] < ORDER[min]) return;
    write(`${new Date().toISOString()} ${level.padEnd(5)} ${msg}`);
  };
}
