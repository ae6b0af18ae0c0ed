import { SurveyTurn } from './models.js';

/**
 * The owners with an open survey turn, in memory, so an owner's private message costs no database
 * read when no questionnaire waits for them (nearly always). Loaded from SurveyTurn on first use
 * (one scan of a small collection; a cold or restarted process starts from the database, never
 * from an empty set) and again when older than `refreshMs`, so a turn written by anything else
 * is seen within that time; kept current by the writes below, which every turn write of this
 * process goes through.
 */
class OpenTurns {
  private ids = new Set<string>();
  private loadedAt = -Infinity;
  private loading?: Promise<void>;
  /** Bumped by every write: a load that began before one does not overwrite it. */
  private version = 0;

  /** Whether `personId` may have an open turn (false: certainly none; skip the read). */
  async mayHave(personId: string, refreshMs: number, now = Date.now()): Promise<boolean> {
    if (now - this.loadedAt > refreshMs) await this.load(now);
    return this.ids.has(personId);
  }

  private load(now: number): Promise<void> {
    this.loading ??= (async () => {
      const started = this.version;
      const rows = await SurveyTurn.find({}, { _id: 1 }).lean();
      // a write while loading: the set already holds it; reload next time
      if (started === this.version) {
        this.ids = new Set(rows.map((r) => String(r._id)));
        this.loadedAt = now;
      }
    })().finally(() => (this.loading = undefined));
    return this.loading;
  }

  added(personId: string): void {
    this.version++;
    this.ids.add(personId);
  }

  removed(personIds: string[]): void {
    this.version++;
    for (const id of personIds) this.ids.delete(id);
  }

  /** Forgets everything (tests; a database switched under the process). */
  reset(): void {
    this.version++;
    this.ids.clear();
    this.loadedAt = -Infinity;
  }
}

export const openTurns = new OpenTurns();

/** Points the owner at the questionnaire their next answer belongs to. */
export async function openTurn(personId: string, responseId: string, campaignId: string): Promise<void> {
  await SurveyTurn.updateOne({ _id: personId }, { $set: { responseId, campaignId } }, { upsert: true });
  openTurns.added(personId);
}

/** The owner finished (or the campaign is over): their messages are theirs again. */
export async function closeTurn(personId: string): Promise<void> {
  await SurveyTurn.deleteOne({ _id: personId });
  openTurns.removed([personId]);
}

/** Every turn of a campaign (it closed). */
export async function closeTurnsOf(campaignId: string): Promise<void> {
  const ids = (await SurveyTurn.find({ campaignId }, { _id: 1 }).lean()).map((r) => String(r._id));
  await SurveyTurn.deleteMany({ campaignId });
  openTurns.removed(ids);
}
