import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { surfaceIndex } from './surface-index.js';

describe('docs/dotnet-surface.md', () => {
  it('lists exactly the registered library members', () => {
    const doc = readFileSync(new URL('../../../docs/dotnet-surface.md', import.meta.url), 'utf8');
    const m = /<!-- surface-index:start -->\n([\s\S]*?)\n<!-- surface-index:end -->/.exec(doc);
    expect(m, 'the member index markers').not.toBeNull();
    expect(m![1]).toBe(surfaceIndex());
  });
});
