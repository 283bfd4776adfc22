/** A one-file chat page: raw browser WebSocket speaking the SignalR JSON hub protocol through the gateway. */
export function chatPage(gatewayUrl: string): string {
  const target = JSON.stringify(gatewayUrl);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>onhandshake · SignalR chat</title>
<style>body{font:15px system-ui,sans-serif;max-width:40rem;margin:2rem auto}#log{border:1px solid #ccc;height:20rem;overflow:auto;padding:.5rem}
input{font:inherit}#text{width:70%}</style></head>
<body><h1>SignalR chat through onhandshake</h1>
<p>Gateway: <code id="gw"></code> <span id="state">connecting…</span></p>
<div id="log"></div>
<form id="f"><input id="user" size="8" value="me"> <input id="text" autocomplete="off" placeholder="message"> <button>Send</button></form>
<script>
const RS = '\\u001e';
const url = ${target} || ('ws://' + location.hostname + ':8080/chat');
document.getElementById('gw').textContent = url;
const log = (t) => { const d = document.createElement('div'); d.textContent = t; const l = document.getElementById('log'); l.append(d); l.scrollTop = l.scrollHeight; };
const ws = new WebSocket(url);
ws.onopen = () => ws.send(JSON.stringify({ protocol: 'json', version: 1 }) + RS);
ws.onmessage = (e) => {
  for (const rec of String(e.data).split(RS).filter(Boolean)) {
    const m = JSON.parse(rec);
    if (!m.type) document.getElementById('state').textContent = m.error ? 'refused: ' + m.error : 'connected';
    else if (m.type === 1 && m.target === 'ReceiveMessage') log(m.arguments[0] + ': ' + m.arguments[1]);
    else if (m.type === 7) log('[server closed the hub connection' + (m.error ? ': ' + m.error : '') + ']');
  }
};
ws.onclose = (e) => { document.getElementById('state').textContent = 'closed (' + e.code + ')'; };
document.getElementById('f').onsubmit = (e) => {
  e.preventDefault();
  const t = document.getElementById('text');
  ws.send(JSON.stringify({ type: 1, target: 'SendMessage', arguments: [document.getElementById('user').value, t.value] }) + RS);
  t.value = '';
};
</script></body></html>
`;
}
