/** Fills `{{NAME}}` placeholders of a config template; an unknown placeholder is an error, not a blank. */
import { readFileSync, writeFileSync } from 'node:fs';

export function renderTemplate(templateFile: string, outputFile: string, values: Record<string, string | number>): void {
  const text = readFileSync(templateFile, 'utf8').replace(/\{\{([A-Z_]+)\}\}/g, (_m, name: string) => {
    if (!(name in values)) throw new Error(`${templateFile}: no value for {{${name}}}`);
    return String(values[name]);
  });
  writeFileSync(outputFile, text);
}
