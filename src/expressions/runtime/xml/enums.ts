/** System.Xml.XmlNodeType, System.Xml.ReadState, System.Xml.Linq.LoadOptions and SaveOptions. */
import { enumValue } from '../../compiler/conversions.js';
import { registerType, typeByFullName } from '../../registry.js';
import type { EnumValue } from '../../values.js';

export const NODE_TYPES = {
  None: 0,
  Element: 1,
  Attribute: 2,
  Text: 3,
  CDATA: 4,
  EntityReference: 5,
  Entity: 6,
  ProcessingInstruction: 7,
  Comment: 8,
  Document: 9,
  DocumentType: 10,
  DocumentFragment: 11,
  Notation: 12,
  Whitespace: 13,
  SignificantWhitespace: 14,
  EndElement: 15,
  EndEntity: 16,
  XmlDeclaration: 17,
} as const;
export type NodeTypeName = keyof typeof NODE_TYPES;

export const READ_STATES = { Initial: 0, Interactive: 1, Error: 2, EndOfFile: 3, Closed: 4 } as const;

registerType({ name: 'System.Xml.XmlNodeType', kind: 'enum', enumMembers: NODE_TYPES });
registerType({ name: 'System.Xml.ReadState', kind: 'enum', enumMembers: READ_STATES });
registerType({ name: 'System.Xml.Linq.LoadOptions', kind: 'enum', flags: true, enumMembers: { None: 0, PreserveWhitespace: 1, SetBaseUri: 2, SetLineInfo: 4 } });
registerType({ name: 'System.Xml.Linq.SaveOptions', kind: 'enum', flags: true, enumMembers: { None: 0, DisableFormatting: 1, OmitDuplicateNamespaces: 2 } });

export function nodeType(name: NodeTypeName): EnumValue {
  return enumValue(typeByFullName('System.Xml.XmlNodeType')!, NODE_TYPES[name]);
}

export function readState(name: keyof typeof READ_STATES): EnumValue {
  return enumValue(typeByFullName('System.Xml.ReadState')!, READ_STATES[name]);
}

/** The bits of a flags argument (null stands for the zero member). */
export function flag(options: EnumValue | null | undefined, bit: number): boolean {
  return ((options?.value ?? 0) & bit) !== 0;
}
