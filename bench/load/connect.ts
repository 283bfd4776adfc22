/** Opening benchmark WebSocket clients: no compression, zero masking key, bounded waits. */
import WebSocket from 'ws';

/**
 * A zero masking key is valid framing and lets neither side spend time XOR-ing payloads, so the
 * load generator and the echo backend stay cheap and the proxy's cost shows.
 */
const zeroMask = (mask: Buffer): void => {
  mask.fill(0);
};

export const CLIENT_OPTIONS: WebSocket.ClientOptions = {
  perMessageDeflate: false,
  generateMask: zeroMask,
  skipUTF8Validation: true,
  allowSynchronousEvents: true,
  maxPayload: 1024 * 1024,
};

export function openClient(url: string, timeoutMs: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { ...CLIENT_OPTIONS, handshakeTimeout: timeoutMs });
    const onError = (err: Error): void => {
      ws.off('open', onOpen);
      ws.terminate();
      reject(err);
    };
    const onOpen = (): void => {
      ws.off('error', onError);
      resolve(ws);
    };
    ws.once('open', onOpen);
    ws.once('error', onError);
    ws.once('unexpected-response', (_req, res) => {
      ws.off('open', onOpen);
      ws.off('error', onError);
      reject(new Error(`handshake answered ${res.statusCode} ${res.statusMessage ?? ''}`.trim()));
      res.resume();
      ws.terminate();
    });
  });
}

/** Close politely and wait for the close to complete; terminate if it takes longer than timeoutMs. */
export function closeClient(ws: WebSocket, timeoutMs: number): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      ws.terminate();
    }, timeoutMs);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    ws.once('error', () => {
      // the close event follows
    });
    if (ws.readyState === WebSocket.OPEN) ws.close(1000);
    else ws.terminate();
  });
}

/** Opens many clients with bounded concurrency; failures are counted, not thrown. */
export async function openMany(
  url: string,
  count: number,
  concurrency: number,
  timeoutMs: number,
  onError: (err: Error) => void,
): Promise<WebSocket[]> {
  const opened: WebSocket[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      try {
        opened.push(await openClient(url, timeoutMs));
      } catch (err) {
        onError(err as Error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return opened;
}
