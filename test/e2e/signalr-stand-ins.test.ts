/**
 * The local stand-ins for the chat web app and Azure SignalR Service, checked against the official
 * @microsoft/signalr client doing its own negotiation (redirect, bearer token, connection token), as it
 * would against Azure without APIM in between, and against the protocol rules directly.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HubConnectionBuilder, HttpTransportType, LogLevel } from '@microsoft/signalr';
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import { startSignalRService, type SignalRService } from '../../examples/signalr-chat/signalr-service.js';
import { startWebApp, type WebApp } from '../../examples/signalr-chat/web-app.js';
import { signHs256, verifyHs256 } from '../../examples/signalr-chat/jwt.js';
import { refusal, waitFor } from '../gateway/helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function standIns(): Promise<{ service: SignalRService; app: WebApp; key: string }> {
  const key = randomBytes(32).toString('base64');
  const service = await startSignalRService({ accessKey: key, port: 0 });
  const app = await startWebApp({ serviceUrl: service.url, accessKey: key, port: 0 });
  cleanups.push(() => service.close(), () => app.close());
  return { service, app, key };
}

describe('chat web app and SignalR Service stand-ins', () => {
  it('the official client negotiates through the web app redirect and chats', async () => {
    const { app, service } = await standIns();
    const client = new HubConnectionBuilder().withUrl(`${app.url}/chat`, { transport: HttpTransportType.WebSockets }).configureLogging(LogLevel.None).build();
    const heard: string[] = [];
    client.on('ReceiveMessage', (user: string, text: string) => heard.push(`${user}: ${text}`));
    await client.start();
    cleanups.push(() => client.stop());
    expect(service.connectionCount()).toBe(1);
    await client.invoke('SendMessage', 'me', 'direct');
    await waitFor(() => heard.length === 1);
    expect(heard).toEqual(['me: direct']);
  });

  it('the web app answers the redirect with a token for the service\'s client audience', async () => {
    const { app, service, key } = await standIns();
    const res = await fetch(`${app.url}/chat/negotiate?negotiateVersion=1`);
    const body = (await res.json()) as { url: string; accessToken: string };
    expect(body.url).toMatch(new RegExp(`^${service.url}/client/\\?hub=chat&asrs\\.op=%2Fchat&asrs_request_id=[0-9a-f]{32}$`));
    const check = verifyHs256(body.accessToken, key, `${service.url}/client/?hub=chat`);
    expect(check.ok).toBe(true);
  });

  it('the service refuses negotiate without a valid bearer token', async () => {
    const { service, key } = await standIns();
    const url = `${service.url}/client/negotiate?hub=chat&negotiateVersion=1`;
    expect((await fetch(url, { method: 'POST' })).status).toBe(401);
    const wrongAudience = signHs256({ aud: 'http://elsewhere/client/?hub=chat', exp: Math.floor(Date.now() / 1000) + 60 }, key);
    const r = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${wrongAudience}` } });
    expect(r.status).toBe(401);
    expect(await r.text()).toMatch(/audience/);
    const expired = signHs256({ aud: `${service.url}/client/?hub=chat`, exp: Math.floor(Date.now() / 1000) - 10 }, key);
    expect((await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${expired}` } })).status).toBe(401);
  });

  it('the service WebSocket requires the negotiated id and a valid access_token, once', async () => {
    const { service, key } = await standIns();
    const token = signHs256({ aud: `${service.url}/client/?hub=chat`, exp: Math.floor(Date.now() / 1000) + 60 }, key);
    const negotiated = (await (await fetch(`${service.url}/client/negotiate?hub=chat&negotiateVersion=1`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } })).json()) as Record<string, unknown>;
    expect(negotiated).toMatchObject({ negotiateVersion: 1, connectionId: expect.any(String), connectionToken: expect.any(String) });
    expect(negotiated.availableTransports).toContainEqual({ transport: 'WebSockets', transferFormats: ['Text', 'Binary'] });
    const ws = `${service.url.replace('http', 'ws')}/client/?hub=chat`;
    expect((await refusal(`${ws}&id=${negotiated.connectionToken as string}`)).status).toBe(401);
    expect((await refusal(`${ws}&id=unknown&access_token=${token}`)).status).toBe(404);
    const socket = new WebSocket(`${ws}&id=${negotiated.connectionToken as string}&access_token=${token}`);
    const reply = await new Promise<string>((resolve, reject) => {
      socket.once('open', () => socket.send('{"protocol":"json","version":1}\u001e'));
      socket.once('message', (d) => resolve(d.toString()));
      socket.once('error', reject);
    });
    expect(reply).toBe('{}\u001e');
    // the connection token is spent
    expect((await refusal(`${ws}&id=${negotiated.connectionToken as string}&access_token=${token}`)).status).toBe(404);
    socket.close();
  });

  it('the service refuses a hub protocol it does not speak', async () => {
    const { service, key } = await standIns();
    const token = signHs256({ aud: `${service.url}/client/?hub=chat`, exp: Math.floor(Date.now() / 1000) + 60 }, key);
    const n = (await (await fetch(`${service.url}/client/negotiate?hub=chat&negotiateVersion=1`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } })).json()) as { connectionToken: string };
    const socket = new WebSocket(`${service.url.replace('http', 'ws')}/client/?hub=chat&id=${n.connectionToken}&access_token=${token}`);
    const reply = await new Promise<string>((resolve) => {
      socket.once('open', () => socket.send('{"protocol":"messagepack","version":1}\u001e'));
      socket.once('message', (d) => resolve(d.toString()));
    });
    expect(JSON.parse(reply.replace('\u001e', ''))).toEqual({ error: "The protocol 'messagepack' version 1 is not supported." });
  });
});
