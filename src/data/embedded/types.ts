export interface EmbeddedDatabase {
  kind: 'ferretdb' | 'mongodb-memory-server';
  uri: string;
  /** The server's (or its watchdog's) process id. */
  pid?: number;
  /** The database server's own process id (FerretDB under its watchdog), while it runs. */
  readonly serverPid?: number;
  /** How often a supervised server was started again after it died. */
  readonly restarts?: number;
  /** False while a supervised server is down (restarting); always true when not supervised. */
  isUp?(): boolean;
  /** Hears a supervised server go down and come back; returns the unsubscribe function. */
  onState?(listener: (state: 'up' | 'down') => void): () => void;
  /** Stops the server; safe to call twice. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  startTimeoutMs: number;
  downloadTimeoutMs: number;
  ferretdbBin?: string;
  /** Supervision: first delay before restarting a server that died, doubling up to the max. */
  restartMinDelayMs?: number;
  restartMaxDelayMs?: number;
  log: { info(o: object, msg?: string): void; warn(o: object, msg?: string): void };
}
