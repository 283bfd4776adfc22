/** The step graph: compiler, executor, trace (see ./contract.ts for what others rely on). */
export { compileSections, type CompileResult } from './compile.js';
export { CompiledGraph, relativePath, defaultErrorBody } from './execute.js';
export { UndiciCalloutClient, defaultCalloutClient } from './undici-callouts.js';
export { CalloutError } from '../steps/runtime/callout-error.js';
export { PolicyError, Halt } from '../steps/runtime/errors.js';
export { localTokenProvider } from '../steps/runtime/local-token-provider.js';
export { buildBackendUrl, encodeComponent, parseQuery } from '../steps/runtime/url.js';
export type { GraphCompileOptions, TokenProvider, ClientCertificate } from '../steps/runtime/options.js';
export type * from '../steps/runtime/contract.js';
