/**
 * The compiler: merged policy sections → step graph. Every element is validated against its handler's
 * declaration (src/steps/index.ts), every expression is compiled once, and any error anywhere is
 * reported with its location before anything runs (no graph is returned then).
 */
import { compileExpression } from '../expressions/index.js';
import { diagnostic, hasErrors, type Diagnostic, type Severity, type SourceLocation } from '../policy/diagnostics.js';
import type { PolicyAttribute, PolicyElement, PolicySections, PolicyValue, SectionName } from '../policy/tree.js';
import { POLICY_HANDLERS, policyNames } from '../steps/index.js';
import { ID_ATTRIBUTE, type CompileContext, type ElementSpec } from '../steps/handler.js';
import type { GraphCompileResult } from '../steps/runtime/contract.js';
import { CODES } from '../steps/runtime/codes.js';
import { CompiledGraph } from './execute.js';
import { nearestName } from '../policy/nearest-name.js';
import type { GraphCompileOptions } from '../steps/runtime/options.js';
import type { CompiledValue, Step } from '../steps/runtime/step.js';
import { skippedStep } from '../steps/runtime/skipped-step.js';

export const SECTION_NAMES: readonly SectionName[] = ['inbound', 'backend', 'outbound', 'on-error'];

export interface CompileResult extends GraphCompileResult {
  graph?: CompiledGraph;
}

export function compileSections(sections: PolicySections, options: GraphCompileOptions = {}): CompileResult {
  const diagnostics: Diagnostic[] = [];
  const compiled = {} as Record<SectionName, Step[]>;
  for (const section of SECTION_NAMES) {
    compiled[section] = new SectionCompiler(section, options, diagnostics).policies(sections[section] ?? []);
  }
  // APIM never documents outbound for a 101; saying so beats policies that silently do nothing.
  const firstOutbound = compiled.outbound.find((s) => !s.silent);
  if (firstOutbound) {
    const el = firstOutbound.element;
    diagnostics.push(diagnostic('warning', CODES.notRun, `<${el.name}> in <outbound> does not run: a WebSocket handshake has no outbound step (only inbound, backend and on-error run)`, el.loc, el.path));
  }
  if (hasErrors(diagnostics)) return { diagnostics };
  return { graph: new CompiledGraph(compiled, options), diagnostics };
}

class SectionCompiler implements CompileContext {
  private readonly values = new Map<PolicyAttribute | PolicyElement, CompiledValue>();
  private readonly specs = new Map<PolicyElement, ElementSpec>();

  constructor(
    readonly section: SectionName,
    readonly options: GraphCompileOptions,
    private readonly diagnostics: Diagnostic[],
  ) {}

  report(severity: Severity, code: string, message: string, at: SourceLocation, path?: string): void {
    this.diagnostics.push(diagnostic(severity, code, message, at, path));
  }

  policies(elements: readonly PolicyElement[]): Step[] {
    const steps: Step[] = [];
    for (const el of elements) {
      const step = this.policy(el);
      if (step) steps.push(step);
    }
    return steps;
  }

  private policy(el: PolicyElement): Step | undefined {
    const handler = POLICY_HANDLERS.get(el.name);
    if (!handler) {
      const near = nearestName(el.name, policyNames());
      this.report('error', CODES.unknownPolicy, `unknown policy <${el.name}>${near ? `; did you mean <${near}>?` : ''}`, el.loc, el.path);
      return undefined;
    }
    switch (handler.status) {
      case 'ignored':
        return undefined;
      case 'unsupported':
        this.report('error', CODES.notYetSupported, `<${el.name}> is not supported by this version of onhandshake (${handler.summary})`, el.loc, el.path);
        return undefined;
      case 'not-in-onhandshake':
        if (el.scope === 'operation' || el.scope === 'fragment') {
          this.report('error', CODES.notOnHandshake, `<${el.name}> is not supported on the onHandshake operation of a WebSocket API`, el.loc, el.path);
          return undefined;
        }
        this.report('warning', CODES.notOnHandshakeInherited, `<${el.name}> inherited from the ${el.scope} scope is skipped on onHandshake, as APIM does`, el.loc, el.path);
        return skippedStep(el, `skipped: <${el.name}> is not supported on onHandshake (inherited from the ${el.scope} scope)`);
      case 'supported':
        break;
    }
    if (handler.sections && !handler.sections.includes(this.section)) {
      this.report('error', CODES.wrongSection, `<${el.name}> is not allowed in the ${this.section} section (allowed: ${handler.sections.join(', ')})`, el.loc, el.path);
      return undefined;
    }
    // Only what validate added is looked at: counting every finding so far per element was quadratic.
    const before = this.diagnostics.length;
    this.validate(el, handler, true);
    if (hasErrors(this.diagnostics.slice(before)) || !handler.compile) return undefined;
    return handler.compile(el, this);
  }

  /** Checks attributes, text and children against the declaration and compiles every value. */
  private validate(el: PolicyElement, spec: ElementSpec, isPolicy: boolean): void {
    this.specs.set(el, spec);
    const known = isPolicy ? [...spec.attributes, ID_ATTRIBUTE] : spec.attributes;
    for (const attr of el.attributes) {
      const a = known.find((k) => k.name === attr.name);
      if (!a) {
        const near = nearestName(attr.name, known.map((k) => k.name));
        const names = known.map((k) => k.name).join(', ') || 'none';
        this.report('error', CODES.unknownAttribute, `<${el.name}> has no attribute '${attr.name}'${near ? `; did you mean '${near}'?` : ` (allowed: ${names})`}`, attr.loc, el.path);
        continue;
      }
      if (attr.value.kind === 'expression') {
        if (!a.expression) {
          this.report('error', CODES.expressionNotAllowed, `'${attr.name}' of <${el.name}> does not accept policy expressions`, attr.value.loc, el.path);
          continue;
        }
      } else if (!attr.value.text.includes('{{')) {
        // (a literal still holding an unresolved {{named value}} cannot be judged: check without named values)
        const text = attr.value.text;
        if (a.values && !a.values.some((v) => v.toLowerCase() === text.toLowerCase())) {
          this.report('error', CODES.badAttributeValue, `'${attr.name}' of <${el.name}> must be one of ${a.values.map((v) => `'${v}'`).join(', ')}, not '${text}'`, attr.value.loc, el.path);
          continue;
        }
        if (a.type === 'integer' && !/^\s*[+-]?\d+\s*$/.test(text)) {
          this.report('error', CODES.badAttributeValue, `'${attr.name}' of <${el.name}> must be an integer, not '${text}'`, attr.value.loc, el.path);
          continue;
        }
        if (a.type === 'boolean' && !/^\s*(true|false)\s*$/i.test(text)) {
          this.report('error', CODES.badAttributeValue, `'${attr.name}' of <${el.name}> must be true or false, not '${text}'`, attr.value.loc, el.path);
          continue;
        }
      }
      const compiled = this.compileValue(attr.name, attr.value, attr.secret === true, el);
      if (compiled) this.values.set(attr, compiled);
    }
    for (const a of spec.attributes) {
      if (a.required && !el.attributes.some((x) => x.name === a.name)) {
        this.report('error', CODES.missingAttribute, `<${el.name}> requires the attribute '${a.name}'`, el.loc, el.path);
      }
    }
    if (spec.oneOf) {
      const present = spec.oneOf.filter((n) => el.attributes.some((x) => x.name === n));
      if (present.length !== 1) {
        const what = present.length === 0 ? 'requires one of' : 'takes only one of';
        this.report('error', CODES.missingAttribute, `<${el.name}> ${what} ${spec.oneOf.map((n) => `'${n}'`).join(', ')}`, el.loc, el.path);
      }
    }
    this.validateText(el, spec);
    this.validateChildren(el, spec);
  }

  private validateText(el: PolicyElement, spec: ElementSpec): void {
    if (!el.text) {
      if (spec.text?.required) this.report('error', CODES.missingChild, `<${el.name}> requires a value`, el.loc, el.path);
      return;
    }
    if (!spec.text) {
      this.report('error', CODES.unexpectedContent, `<${el.name}> takes no text`, el.text.loc, el.path);
      return;
    }
    if (el.text.kind === 'expression' && !spec.text.expression) {
      this.report('error', CODES.expressionNotAllowed, `<${el.name}> does not accept a policy expression`, el.text.loc, el.path);
      return;
    }
    const compiled = this.compileValue(el.name, el.text, el.secret === true, el);
    if (compiled) this.values.set(el, compiled);
  }

  private validateChildren(el: PolicyElement, spec: ElementSpec): void {
    if (spec.children === 'policies') return; // compiled by the handler through ctx.policies
    const allowed = spec.children ?? [];
    const counts = new Map<string, number>();
    for (const child of el.children) {
      const c = allowed.find((x) => x.element.name === child.name);
      if (!c) {
        const near = nearestName(child.name, allowed.map((x) => x.element.name));
        const names = allowed.map((x) => `<${x.element.name}>`).join(', ');
        const hint = near ? `; did you mean <${near}>?` : names ? ` (allowed: ${names})` : ' (it takes no child elements)';
        this.report('error', CODES.unexpectedContent, `<${child.name}> is not allowed inside <${el.name}>${hint}`, child.loc, child.path);
        continue;
      }
      const n = (counts.get(child.name) ?? 0) + 1;
      counts.set(child.name, n);
      if (n > 1 && !c.repeatable) {
        this.report('error', CODES.unexpectedContent, `<${el.name}> takes only one <${child.name}>`, child.loc, child.path);
        continue;
      }
      this.validate(child, c.element, false);
    }
    for (const c of allowed) {
      if (c.required && !counts.has(c.element.name)) {
        this.report('error', CODES.missingChild, `<${el.name}> requires a <${c.element.name}> child`, el.loc, el.path);
      }
    }
  }

  private compileValue(label: string, value: PolicyValue, secret: boolean, el: PolicyElement): CompiledValue | undefined {
    if (value.kind === 'literal') return { label, literal: value.text, secret };
    const result = compileExpression(value.expression, this.options.budget ? { budget: this.options.budget } : {});
    for (const d of result.diagnostics) this.diagnostics.push(d.path ? d : { ...d, path: el.path });
    if (!result.evaluator) return undefined;
    return { label, evaluator: result.evaluator, secret };
  }

  attr(el: PolicyElement, name: string): CompiledValue | undefined {
    const attr = el.attributes.find((a) => a.name === name);
    if (attr) return this.values.get(attr);
    const spec = this.specs.get(el)?.attributes.find((a) => a.name === name);
    return spec?.default !== undefined ? { label: name, literal: spec.default, secret: false } : undefined;
  }

  text(el: PolicyElement, label?: string): CompiledValue | undefined {
    const v = this.values.get(el);
    return v && label && v.label !== label ? { ...v, label } : v;
  }
}
