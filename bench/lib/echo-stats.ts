/** Reads the echo backend's /stats (handshakes seen, by policy marker). */
import { get } from 'node:http';
import type { EchoStats } from '../backends/echo-server.js';
import { HOST } from './ports.js';

export function fetchEchoStats(port: number): Promise<EchoStats> {
  return new Promise((resolve, reject) => {
    const req = get({ host: HOST, port, path: '/stats', timeout: 5000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        try {
          resolve(JSON.parse(text) as EchoStats);
        } catch (err) {
          reject(err as Error);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('echo /stats timed out')));
    req.on('error', reject);
  });
}
