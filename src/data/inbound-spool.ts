import {
  closeSync,
  existsSync,
  fdatasyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { InboundMessage } from '../chat/types.js';

/** What is kept of an inbound message (an image's bytes are the puppet's and are not kept). */
export type SpooledMessage = Omit<InboundMessage, 'image' | 'at'> & { at: string };

type Line = { in: SpooledMessage } | { done: string };

/**
 * The inbound messages the bot has received and not finished handling, in an append-only JSONL
 * file in the data folder (`inbound-spool.jsonl`): a message is written and fsync'd before it is
 * handled, a `done` line is written once it has been handled (or kept by nobody), and what is
 * open at start is handed back in arrival order to be handled again. So a message that was
 * received survives a kill -9 (also one held while the database is down). The file is emptied
 * whenever nothing is open; it holds the open messages and little else.
 *
 * Writes are synchronous (a few per message, one fsync) so that the order of lines is the order
 * of calls and a crash leaves at most one torn last line, which is skipped on reading.
 */
export class InboundSpool {
  private readonly open = new Map<string, SpooledMessage>();
  private fd: number;
  private size = 0;
  private closed = false;

  private constructor(
    readonly file: string,
    pending: SpooledMessage[],
  ) {
    this.fd = openSync(file, 'a');
    for (const m of pending) this.open.set(m.id, m);
    // rewrite the file with only what is open, so it does not grow across restarts
    ftruncateSync(this.fd, 0);
    for (const m of pending) this.append({ in: m });
    fdatasyncSync(this.fd);
  }

  /** Opens (creates) the spool of a data folder; returns it with the messages left open. */
  static openIn(dataDir: string): { spool: InboundSpool; pending: SpooledMessage[] } {
    const file = join(dataDir, 'inbound-spool.jsonl');
    const pending = existsSync(file) ? InboundSpool.read(readFileSync(file, 'utf8')) : [];
    return { spool: new InboundSpool(file, pending), pending };
  }

  /** The open messages of a spool file's text, in arrival order (torn or foreign lines skipped). */
  static read(text: string): SpooledMessage[] {
    const open = new Map<string, SpooledMessage>();
    for (const raw of text.split('\n')) {
      if (!raw.trim()) continue;
      let line: Line;
      try {
        line = JSON.parse(raw) as Line;
      } catch {
        continue; // the last line of a write the crash cut short
      }
      if ('in' in line && line.in && typeof line.in.id === 'string') open.set(line.in.id, line.in);
      else if ('done' in line) open.delete(line.done);
    }
    return [...open.values()];
  }

  get openCount(): number {
    return this.open.size;
  }

  /** Keeps a message durably (written and fsync'd) before it is handled. */
  add(msg: InboundMessage): void {
    if (this.closed || this.open.has(msg.id)) return;
    const kept: SpooledMessage = { ...msg, at: msg.at.toISOString() };
    delete (kept as { image?: unknown }).image;
    this.open.set(msg.id, kept);
    this.append({ in: kept });
    fdatasyncSync(this.fd);
  }

  /** The message was handled: it is not handed back at the next start. */
  done(id: string): void {
    if (this.closed || !this.open.delete(id)) return;
    if (this.open.size === 0 && this.size > 0) {
      ftruncateSync(this.fd, 0); // nothing open: the file starts again empty
      this.size = 0;
      return;
    }
    this.append({ done: id }); // not fsync'd: lost, the message is handled again (and deduplicated)
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  private append(line: Line): void {
    const data = `${JSON.stringify(line)}\n`;
    writeSync(this.fd, data);
    this.size += data.length;
  }
}

/** The message as the pipeline takes it again (its image, if any, is gone with the puppet). */
export function revive(m: SpooledMessage): InboundMessage & { replayed: true } {
  return { ...m, at: new Date(m.at), replayed: true };
}
