/**
 * The page's policy editor on the server side: describe each API (its scopes' sources, the merged policy,
 * the step graph), check edited text, try it on the next handshakes by swapping the API's graphs in a new
 * runtime (nothing written to disk), save it to the policy file (the host's hot reload takes it from there).
 */
import { constants, realpathSync } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { textMasker } from '../common/mask.js';
import type { ConfigApi, GatewayConfig } from '../config/types.js';
import type { Gateway, ListeningAddress } from '../gateway/gateway.js';
import type { GatewayApi, GatewayRuntime } from '../gateway/runtime.js';
import type { StepGraph } from '../steps/runtime/contract.js';
import type { Diagnostic } from '../policy/diagnostics.js';
import { compileApiPolicy, type PolicyLayerSource } from './api-policy.js';
import { graphView, type GraphView } from './graph-view.js';
import { BadRequest } from './http-io.js';
import { mergedXml, type MergedLine } from './merged-xml.js';

export interface ConsoleHostContext {
  gateway: Gateway;
  address: ListeningAddress;
  config(): GatewayConfig;
  reload(): Promise<{ applied: boolean; diagnostics: Diagnostic[] }>;
}

export interface ApiView {
  name: string;
  path: string;
  serviceUrl: string;
  /** The onHandshake policy file the editor edits (absent: the API has none). */
  policyFile?: string;
  /** True while edited text is being tried instead of the file. */
  trying: boolean;
  layers: PolicyLayerSource[];
  merged: MergedLine[];
  graph: GraphView | null;
  diagnostics: Diagnostic[];
}

export class PolicyWorkbench {
  private readonly trying = new Map<string, string>();
  private triedRuntime: GatewayRuntime | undefined;
  /** Per loaded configuration: the real path of each API's policy file, resolved when it was first seen. */
  private readonly loadedFrom = new WeakMap<GatewayConfig, Map<string, string>>();

  constructor(private readonly host: () => ConsoleHostContext | undefined) {}

  private context(): ConsoleHostContext {
    const ctx = this.host();
    if (!ctx) throw new BadRequest('the gateway is not listening yet', 503);
    return ctx;
  }

  private configApi(name: string): ConfigApi {
    const config = this.context().config();
    this.rememberPolicyFiles(config);
    const api = config.apis.find((a) => a.name === name);
    if (!api) throw new BadRequest(`no API named '${name}'`, 404);
    return api;
  }

  private rememberPolicyFiles(config: GatewayConfig): void {
    if (this.loadedFrom.has(config)) return;
    const files = new Map<string, string>();
    for (const api of config.apis) {
      if (!api.policy) continue;
      try {
        files.set(api.name, realpathSync(api.policy));
      } catch {
        /* a missing file: nothing was loaded from it, so nothing may be saved to it */
      }
    }
    this.loadedFrom.set(config, files);
  }

  /**
   * Where a save may write: the real path of the file the API's policy was loaded from, still a regular
   * file at the same real path (a symlink swapped in since, or a path that now leads elsewhere, is refused).
   */
  private async saveTarget(api: ConfigApi): Promise<string> {
    const loaded = this.loadedFrom.get(this.context().config())?.get(api.name);
    if (!loaded) throw new BadRequest(`API '${api.name}': its policy file ${api.policy} was not found when the gateway loaded it; nothing is saved`, 409);
    const now = await realpath(api.policy!).catch(() => undefined);
    if (now !== loaded || !(await stat(loaded)).isFile()) {
      throw new BadRequest(`API '${api.name}': ${api.policy} no longer leads to ${loaded}, the file the policy was loaded from; nothing is saved`, 409);
    }
    return loaded;
  }

  /** Edits stay tried only while the runtime they were put in is the one serving (a reload replaces it). */
  private triedText(name: string): string | undefined {
    const ctx = this.host();
    if (!ctx || ctx.gateway.runtime !== this.triedRuntime) return undefined;
    return this.trying.get(name);
  }

  describe(): ApiView[] {
    const ctx = this.context();
    const config = ctx.config();
    this.rememberPolicyFiles(config);
    return config.apis.map((api) => {
      const tried = this.triedText(api.name);
      const compiled = compileApiPolicy(config, api, null, tried);
      const mask = textMasker(compiled.secrets); // its secrets' forms indexed once for every line
      return {
        name: api.name,
        path: api.path.startsWith('/') ? api.path : `/${api.path}`,
        serviceUrl: mask(api.serviceUrl),
        ...(api.policy ? { policyFile: api.policy } : {}),
        trying: tried !== undefined,
        layers: compiled.layers,
        merged: compiled.sections ? mergedXml(compiled.sections, mask) : [],
        graph: compiled.graph ? graphView(compiled.graph.sections) : null,
        diagnostics: compiled.diagnostics,
      };
    });
  }

  /** Compiles the text for every product the API belongs to; the diagnostics of all, once each. */
  private compileAll(api: ConfigApi, text: string): { graphs: Map<string | null, StepGraph>; secrets: Set<string>; diagnostics: Diagnostic[] } {
    const config = this.context().config();
    const graphs = new Map<string | null, StepGraph>();
    const secrets = new Set<string>();
    const diagnostics: Diagnostic[] = [];
    for (const productId of [null, ...api.products]) {
      const compiled = compileApiPolicy(config, api, productId, text);
      for (const d of compiled.diagnostics) if (!diagnostics.some((x) => JSON.stringify(x) === JSON.stringify(d))) diagnostics.push(d);
      for (const s of compiled.secrets) secrets.add(s);
      if (compiled.graph) graphs.set(productId, compiled.graph);
    }
    return { graphs, secrets, diagnostics };
  }

  check(name: string, text: string): { diagnostics: Diagnostic[] } {
    const api = this.configApi(name);
    if (!api.policy) throw new BadRequest(`API '${name}' has no onHandshake policy file to edit`);
    return { diagnostics: this.compileAll(api, text).diagnostics };
  }

  /** New handshakes to the API run `text`; live connections and the file on disk are untouched. */
  tryText(name: string, text: string): { applied: boolean; diagnostics: Diagnostic[] } {
    const api = this.configApi(name);
    if (!api.policy) throw new BadRequest(`API '${name}' has no onHandshake policy file to edit`);
    const { graphs, secrets, diagnostics } = this.compileAll(api, text);
    const fallback = graphs.get(null);
    if (!fallback || diagnostics.some((d) => d.severity === 'error')) return { applied: false, diagnostics };
    const ctx = this.context();
    const current = ctx.gateway.runtime;
    const replace = (a: GatewayApi): GatewayApi =>
      a.info.name !== name ? a : { ...a, graphFor: (productId) => (productId !== null && graphs.get(productId)) || fallback, secrets: [...new Set([...a.secrets, ...secrets])] };
    const runtime: GatewayRuntime = { ...current, apis: current.apis.map(replace) };
    if (this.triedRuntime !== current) this.trying.clear();
    this.trying.set(name, text);
    this.triedRuntime = runtime;
    ctx.gateway.setRuntime(runtime);
    return { applied: true, diagnostics };
  }

  /** Writes the file, then reloads (the file watcher would too; this makes the answer say the outcome). */
  async save(name: string, text: string): Promise<{ saved: true; applied: boolean; diagnostics: Diagnostic[] }> {
    const api = this.configApi(name);
    if (!api.policy) throw new BadRequest(`API '${name}' has no onHandshake policy file to edit`);
    const target = await this.saveTarget(api);
    // O_NOFOLLOW: the real path has no link in it; one put there since is not followed.
    const file = await open(target, constants.O_WRONLY | constants.O_TRUNC | constants.O_NOFOLLOW);
    try {
      await file.writeFile(text, 'utf8');
    } finally {
      await file.close();
    }
    this.trying.delete(name);
    const outcome = await this.context().reload();
    return { saved: true, ...outcome };
  }

  /** Drops tried edits: the runtime is rebuilt from the files on disk. */
  async revert(): Promise<{ applied: boolean; diagnostics: Diagnostic[] }> {
    this.trying.clear();
    this.triedRuntime = undefined;
    return this.context().reload();
  }
}
