/**
 * Which rows of one room's log (by sequence number) this process's doc of the room holds. On
 * PostgreSQL a room's numbers are dense (1, 2, 3…) and become visible in order, so a number that
 * is neither at or below what the doc was loaded at, nor applied since, nor caught up with, is a
 * row the doc lacks: an update another process stored whose message this process missed, or has
 * not had yet. `through` is how far the doc holds every row (what the log may be folded up to);
 * `known` is the highest number this process has heard exists (from a message or a heartbeat).
 */
export class SeqTracker {
  /** The lowest number not known to be in the doc. */
  private next: number;
  /** Numbers above `next` that are in the doc. */
  private readonly above = new Set<number>();
  private highest: number;

  constructor(loadedSeq: number) {
    this.next = loadedSeq + 1;
    this.highest = loadedSeq;
  }

  /** Every row up to this one is in the doc. */
  get through(): number {
    return this.next - 1;
  }

  /** The highest number heard of (applied or not). */
  get known(): number {
    return this.highest;
  }

  /** This row is in the doc now (appended here, or applied from another process's message). */
  applied(seq: number): void {
    this.heard(seq);
    if (seq < this.next) return;
    this.above.add(seq);
    while (this.above.delete(this.next)) this.next++;
  }

  /** A row with this number exists (a heartbeat said so). */
  heard(seq: number): void {
    if (seq > this.highest) this.highest = seq;
  }

  /** Whether a row heard of is not in the doc. */
  lacking(): boolean {
    return this.highest >= this.next;
  }

  /**
   * Everything stored up to `lastSeq` was applied (a catch-up from the log). What was heard of
   * beyond it and not applied is forgotten: the log is the truth (a row committed after the read
   * arrives as a message, or shows as a gap again); a number the log never held (a process of
   * another deployment on the same channels) must not keep this process reading for ever.
   */
  caughtUp(lastSeq: number): void {
    if (lastSeq >= this.next) {
      this.next = lastSeq + 1;
      for (const seq of this.above) if (seq < this.next) this.above.delete(seq);
      while (this.above.delete(this.next)) this.next++;
    }
    this.highest = Math.max(this.next - 1, ...this.above);
  }
}
