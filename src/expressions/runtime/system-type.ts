/**
 * System.Type: the value of `typeof(T)` and `GetType()`, carrying the type it stands for (Name,
 * FullName, Namespace as .NET prints them). Registered with the runtime, so signatures such as
 * `Enum.Parse(System.Type, string)` resolve wherever the library is loaded.
 */
import { prop, registerType } from '../registry.js';
import type { Ty } from '../types.js';

/** System.Type values for typeof(T) and GetType(). */
export class SystemType {
  constructor(readonly ty: Ty) {}
}
/** A type's name without generic arguments: `System.Collections.Generic.List\`1[System.Int32]` → `…List\`1`. */
function typeHead(dotnetName: string): string {
  const tick = dotnetName.indexOf('`');
  if (tick < 0) return dotnetName;
  const open = dotnetName.indexOf('[', tick);
  return open < 0 ? dotnetName : dotnetName.slice(0, open);
}
registerType({
  name: 'System.Type',
  jsClass: SystemType,
  members: {
    Name: prop('string', (t: SystemType) => { const h = typeHead(t.ty.dotnetName); return h.slice(h.lastIndexOf('.') + 1); }),
    FullName: prop('string', (t: SystemType) => t.ty.dotnetName),
    Namespace: prop('string', (t: SystemType) => { const h = typeHead(t.ty.dotnetName); return h.slice(0, Math.max(0, h.lastIndexOf('.'))); }),
  },
  toString: (t: SystemType) => t.ty.dotnetName,
  equals: (a: SystemType, b: SystemType) => a.ty === b.ty,
});
