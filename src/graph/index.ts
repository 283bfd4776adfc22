/** The step graph: compiler, executor, trace (see ./contract.ts for what others rely on). */
export { compileSections, type CompileResult } from './compile.js';
export { CompiledGraph, relativePath, defaultErrorBody } from './execute.js';
export { UndiciCalloutClient, defaultCalloutClient } from './undici-callouts.js';
export { CalloutError } from './callout-error.js';
export { PolicyError, Halt } from './errors.js';
export { localTokenProvider } from './local-token-provider.js';
export { buildBackendUrl, encodeComponent, parseQuery } from './url.js';
export type { GraphCompileOptions, TokenProvider, ClientCertificate } from './options.js';
export type * from './contract.js';
