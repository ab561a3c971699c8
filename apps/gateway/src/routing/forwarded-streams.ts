/**
 * The event streams (`text/event-stream`) this gateway forwards right now. They never end by
 * themselves: on SIGTERM they end as the listener closes, and their clients reconnect to another
 * gateway instead of holding this one's close until the cut-off.
 */
export class ForwardedStreams {
  private readonly open = new Set<() => void>();

  /** Registers how to end one stream; returns how to forget it once it has ended. */
  add(end: () => void): () => void {
    this.open.add(end);
    return () => this.open.delete(end);
  }

  endAll(): void {
    const ends = [...this.open];
    this.open.clear();
    for (const end of ends) end();
  }
}
