/**
 * An abort controller made only when needed: a handshake is aborted when its client leaves, but making an
 * AbortSignal costs about 5 µs, and most handshakes make no callout that would listen to it. The signal is
 * made when a step asks for it; one asked for after the abort is already aborted.
 */
export class LazyAbort {
  private controller: AbortController | undefined;
  private aborted = false;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort();
    }
    return this.controller.signal;
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.controller?.abort();
  }
}
