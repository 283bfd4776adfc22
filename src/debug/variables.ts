/**
 * The Variables view of a paused handshake: containers (context.Variables, the request, the backend
 * so far, LastError, callouts) and values expandable as far as their JSON rendering goes (JObject,
 * IResponse, Jwt: `dotnet.toJson`). References are valid until the run goes on, as DAP intends.
 */
import { textMasker } from '../common/mask.js';
import { dotnet } from '../expressions/index.js';
import type { RunContext } from '../steps/runtime/run-context.js';
import { buildBackendUrl } from '../steps/runtime/url.js';
import type { CalloutRecord } from './launch.js';

export interface DapVariable {
  name: string;
  value: string;
  type?: string;
  variablesReference: number;
  evaluateName?: string;
}

export interface DapScope {
  name: string;
  variablesReference: number;
  expensive: boolean;
  presentationHint?: string;
}

/** The scope whose variables `setVariable` may change. */
export const CONTEXT_VARIABLES = 'context.Variables';

export class VariableHandles {
  private readonly children = new Map<number, () => DapVariable[]>();
  private next = 1;
  private readonly mask: (text: string) => string;
  /** The handle of the context.Variables container (setVariable checks it). */
  contextVariables = 0;

  constructor(secrets: readonly string[], reveal = false) {
    // Masked as everywhere else (secret named values, JWTs, credential query values), unless the launch
    // configuration asks to see them (`revealSecrets`): a debugger's screen is often shared.
    this.mask = reveal ? (text) => text : textMasker(secrets);
  }

  /** The handle that lists `make()`'s variables when asked. */
  add(make: () => DapVariable[]): number {
    const id = this.next++;
    this.children.set(id, make);
    return id;
  }

  variables(reference: number): DapVariable[] | undefined {
    return this.children.get(reference)?.();
  }

  scopes(rt: RunContext, calls: () => CalloutRecord[]): DapScope[] {
    const { state } = rt;
    this.contextVariables = this.add(() =>
      [...state.variables].map(([name, value]) => this.runtimeValue(name, value, `context.Variables["${name.replace(/["\\]/g, '\\$&')}"]`)),
    );
    const scopes: DapScope[] = [
      { name: CONTEXT_VARIABLES, variablesReference: this.contextVariables, expensive: false, presentationHint: 'locals' },
      { name: 'Request', variablesReference: this.add(() => this.request(rt)), expensive: false },
      { name: 'Backend', variablesReference: this.add(() => this.backend(rt)), expensive: false },
    ];
    if (state.lastError) {
      const lastError = state.lastError;
      scopes.push({ name: 'LastError', variablesReference: this.add(() => this.plainObject(lastError, 'context.LastError')), expensive: false });
    }
    if (state.response) {
      const r = state.response;
      scopes.push({ name: 'Response', variablesReference: this.add(() => [this.text('StatusCode', String(r.statusCode)), this.text('StatusReason', r.statusReason), this.headers(r.headers)]), expensive: false });
    }
    scopes.push({ name: 'Callouts', variablesReference: this.add(() => calls().map((c, i) => this.text(`[${i + 1}] ${c.method}`, `${c.url} → ${c.outcome}`))), expensive: false });
    return scopes;
  }

  /** A .NET value: shown as C# shows it, expandable through its JSON rendering. */
  runtimeValue(name: string, value: unknown, evaluateName?: string): DapVariable {
    const type = value === null || value === undefined ? undefined : dotnet.typeName(value);
    const json = value === null || value === undefined ? null : dotnet.toJson(value);
    const variable = this.json(name, json, evaluateName);
    if (typeof value === 'string') variable.value = this.mask(JSON.stringify(value));
    else if (json !== null && typeof json === 'object') variable.value = `{${type}} ${variable.value}`;
    return { ...variable, ...(type ? { type } : {}) };
  }

  private json(name: string, json: unknown, evaluateName?: string): DapVariable {
    const base = evaluateName ? { evaluateName } : {};
    if (json === null || typeof json !== 'object') return { name, value: json === null ? 'null' : this.mask(JSON.stringify(json)), variablesReference: 0, ...base };
    const entries: Array<[string, unknown]> = Array.isArray(json) ? json.map((x, i) => [`[${i}]`, x]) : Object.entries(json);
    return {
      name,
      value: this.preview(json),
      variablesReference: this.add(() => entries.map(([k, v]) => this.json(k, v))),
      ...base,
    };
  }

  private preview(json: object): string {
    const text = JSON.stringify(json);
    return this.mask(text.length > 120 ? `${text.slice(0, 117)}...` : text);
  }

  private request(rt: RunContext): DapVariable[] {
    const r = rt.state.request;
    const url = urlText(r.url);
    return [
      this.text('Method', r.method),
      this.text('Url', url),
      this.text('OriginalUrl', urlText(r.originalUrl)),
      { name: 'Query', value: `${r.url.query.length} parameter(s)`, variablesReference: this.add(() => r.url.query.map(([k, v]) => this.text(k, v))) },
      this.headers(r.headers),
      this.text('IpAddress', r.ipAddress),
    ];
  }

  private backend(rt: RunContext): DapVariable[] {
    const { state } = rt;
    return [
      this.text('BaseUrl', state.backendBaseUrl),
      // What connect would use if the pipeline ended here: base URL + rewrite-uri path + query.
      this.text('Url', buildBackendUrl(state.backendBaseUrl, rt.shared.backendPath, state.request.url.query)),
    ];
  }

  private headers(headers: Iterable<[string, string[]]>): DapVariable {
    const list = [...headers];
    return { name: 'Headers', value: `${list.length} header(s)`, variablesReference: this.add(() => list.map(([k, v]) => this.text(k, v.join(', ')))) };
  }

  private plainObject(o: object, prefix: string): DapVariable[] {
    return Object.entries(o).map(([k, v]) => ({ ...this.text(k[0]!.toUpperCase() + k.slice(1), String(v)), evaluateName: `${prefix}.${k[0]!.toUpperCase() + k.slice(1)}` }));
  }

  private text(name: string, value: string): DapVariable {
    return { name, value: this.mask(value), variablesReference: 0 };
  }
}

function urlText(u: { scheme: string; host: string; port: number; path: string; query: Array<[string, string]> }): string {
  const defaultPort = u.scheme === 'https' || u.scheme === 'wss' ? 443 : 80;
  const query = u.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return `${u.scheme}://${u.host}${u.port === defaultPort ? '' : `:${u.port}`}${u.path}${query ? `?${query}` : ''}`;
}
