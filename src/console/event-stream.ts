/** One server-sent events stream to a page: named JSON events and a keep-alive comment. */
import type { ServerResponse } from 'node:http';

const KEEP_ALIVE_MS = 15_000;

export class EventStream {
  private readonly timer: NodeJS.Timeout;
  closed = false;

  constructor(private readonly res: ServerResponse) {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
    res.write('retry: 1000\n\n');
    this.timer = setInterval(() => this.res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    this.timer.unref();
    res.on('close', () => this.end());
  }

  send(event: string, data: unknown): void {
    if (this.closed) return;
    this.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  end(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.res.end();
  }
}
