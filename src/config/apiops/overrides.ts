/**
 * A per-environment override file (`configuration.<env>.yaml`, as APIOps' publisher reads it): for each
 * kind of resource a list of `{name: <resource folder name>, properties: {…}}`. Each property an entry
 * names replaces the artifact's property of that name as a whole; the rest of the artifact stays.
 * Sections onhandshake has no use for (loggers, diagnostics, gateways …) are ignored.
 */
import { diagnostic, type Diagnostic, type SourceLocation } from '../../policy/diagnostics.js';
import { CONFIG_CODES } from '../yaml-cursor.js';
import { isObject, readDataFile, type DataPath, type LocatedData } from './located-data.js';

export const OVERRIDE_SECTIONS = ['namedValues', 'apis', 'backends', 'products', 'subscriptions'] as const;
export type OverrideSection = (typeof OVERRIDE_SECTIONS)[number];

export interface Override {
  properties: Record<string, unknown>;
  /** Where a property (a path below `properties`) was written in the override file. */
  at(path?: DataPath): SourceLocation;
}

export class Overrides {
  private readonly used = new Set<string>();
  constructor(
    private readonly entries: Map<string, Override & { section: OverrideSection; name: string }>,
    readonly file?: string,
  ) {}

  static none(): Overrides {
    return new Overrides(new Map());
  }

  /** The override of resource `name` (its folder name; case-insensitive, as APIM names are). */
  of(section: OverrideSection, name: string): Override | undefined {
    const key = `${section}\0${name.toLowerCase()}`;
    const entry = this.entries.get(key);
    if (entry) this.used.add(key);
    return entry;
  }

  /** Entries that named no artifact of the estate: likely a typo or a resource not extracted. */
  unused(): Diagnostic[] {
    return [...this.entries]
      .filter(([key]) => !this.used.has(key))
      .map(([, e]) => diagnostic('warning', CONFIG_CODES.notApplied, `${e.section} override '${e.name}' names no ${e.section} artifact of the estate: not applied`, e.at([])));
  }
}

export function readOverrides(file: string): { overrides?: Overrides; diagnostics: Diagnostic[] } {
  const read = readDataFile(file, 'yaml');
  if (!read.ok) return { diagnostics: read.diagnostics };
  const { located } = read;
  const diagnostics: Diagnostic[] = [];
  const entries = new Map<string, Override & { section: OverrideSection; name: string }>();
  if (located.data !== null && located.data !== undefined && !isObject(located.data)) {
    return { diagnostics: [diagnostic('error', CONFIG_CODES.wrongType, 'an override file is a mapping of sections (namedValues:, apis:, backends: …)', located.at())] };
  }
  for (const section of OVERRIDE_SECTIONS) {
    const list = isObject(located.data) ? located.data[section] : undefined;
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      diagnostics.push(diagnostic('error', CONFIG_CODES.wrongType, `${section} must be a list of {name, properties}`, located.at([section])));
      continue;
    }
    list.forEach((entry, i) => {
      const at = (path: DataPath = []): SourceLocation => located.at([section, i, ...path]);
      const name = isObject(entry) ? entry.name : undefined;
      if (typeof name !== 'string' || name === '') {
        diagnostics.push(diagnostic('error', CONFIG_CODES.missing, `${section}[${i}] needs a name (the resource's folder name in the estate)`, at()));
        return;
      }
      const properties = (entry as Record<string, unknown>).properties ?? {};
      if (!isObject(properties)) {
        diagnostics.push(diagnostic('error', CONFIG_CODES.wrongType, `${section}[${i}].properties must be a mapping`, at(['properties'])));
        return;
      }
      const key = `${section}\0${name.toLowerCase()}`;
      if (entries.has(key)) diagnostics.push(diagnostic('error', CONFIG_CODES.duplicate, `${section} override '${name}' is given twice`, at(['name'])));
      entries.set(key, { section, name, properties, at: (path = []) => at(['properties', ...path]) });
    });
  }
  return { overrides: new Overrides(entries, file), diagnostics };
}

/** The artifact's properties with the override's laid over them, each remembering where it was written. */
export interface EffectiveProperties {
  get(key: string): unknown;
  at(key?: string): SourceLocation;
  /** Whether `key` came from the override file. */
  overridden(key: string): boolean;
}

export function effectiveProperties(artifact: LocatedData, override: Override | undefined): EffectiveProperties {
  const own = isObject(artifact.data) && isObject(artifact.data.properties) ? artifact.data.properties : {};
  const overridden = (key: string): boolean => override !== undefined && key in override.properties;
  return {
    get: (key) => (overridden(key) ? override!.properties[key] : own[key]),
    at: (key) => (key !== undefined && overridden(key) ? override!.at([key]) : artifact.at(key === undefined ? ['properties'] : ['properties', key])),
    overridden,
  };
}
