/**
 * What a test file runs against: a compiled policy and how to build handshakes and mocked callouts
 * for it. prepare.ts builds it from a policy file or a gateway configuration; unit tests build
 * synthetic ones.
 */
import type { CalloutClient, CalloutRequest, HandshakeInput, StepGraph } from '../steps/runtime/contract.js';
import type { Diagnostic } from '../policy/diagnostics.js';
import type { PolicySections } from '../policy/tree.js';
import type { HandshakeSpec, MockSpec } from './format.js';
import type { ObservedCallout } from './observe.js';

export interface CaseCallouts {
  client: CalloutClient;
  /** Every callout attempted, in order, with the mock that answered it. */
  calls: ObservedCallout[];
  /** Callouts no mock matched (each fails the case). */
  unmatched: CalloutRequest[];
}

export interface PreparedTarget {
  /** Absent when the policy did not compile: `diagnostics` say why. */
  graph?: StepGraph;
  /** The merged policy, for blame and coverage. */
  sections: PolicySections;
  diagnostics: Diagnostic[];
  /** Secret values to mask in traces. */
  secrets: string[];
  buildInput(handshake: HandshakeSpec, caseKey: string): HandshakeInput;
  callouts(mocks: MockSpec[]): CaseCallouts;
  /** A context variable as JSON (the expression engine's `dotnet.toJson`). */
  toJson(value: unknown): unknown;
}
