/**
 * The policy reader: what the compiler, the gateway and the CLI use (see ./contract.ts).
 */
export type * from './contract.js';
export type * from './tree.js';
export { diagnostic, hasErrors, type Diagnostic, type Severity, type SourceLocation } from './diagnostics.js';
export { readPolicyText, readPolicyFile, emptySections, type ReadDocument, type ReadFileResult } from './read.js';
export { loadNamedValues, parseNamedValues, namedValuesFromEnv, mergeNamedValues, DEFAULT_ENV_PREFIX } from './named-values.js';
export { mergeScopes, type MergeOptions, type MergedPolicy } from './merge.js';
export { folderFragmentLoader, inlineFragments, type FragmentLoader, type InlineContext } from './fragments.js';
export { applyOnHandshakeRules, ONHANDSHAKE_DENY_LIST, isRestrictedHeader } from './onhandshake-rules.js';
export { formatDiagnosticsHuman, formatDiagnosticsJson, summarize, type FileDiagnostics, type SourceLookup } from './format.js';
export { checkFiles, type CheckOptions, type CheckResult, type ExtraPass } from './check.js';
export { nearestName, editDistance } from './nearest-name.js';
export { SECTION_NAMES, nestedStatements, forEachStatement } from './structure.js';
export { scanExpression, openerAt, type ExpressionKind, type ScanResult } from './csharp-scanner.js';
export { DIAGNOSTIC_CODES } from './codes.js';
