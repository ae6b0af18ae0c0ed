export interface EmbeddedDatabase {
  kind: 'ferretdb' | 'mongodb-memory-server';
  uri: string;
  /** The server's (or its watchdog's) process id. */
  pid?: number;
  /** Stops the server; safe to call twice. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  startTimeoutMs: number;
  downloadTimeoutMs: number;
  ferretdbBin?: string;
  log: { info(o: object, msg?: string): void; warn(o: object, msg?: string): void };
}
