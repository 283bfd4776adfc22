/** `${NAME}` and `${NAME:-default}` references in configuration strings; `$${` writes a literal `${`. */
export type EnvResult = { ok: true; value: string } | { ok: false; missing: string; offset: number };

const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export function substituteEnv(text: string, env: NodeJS.ProcessEnv): EnvResult {
  let missing: { name: string; offset: number } | undefined;
  const value = text.replace(REFERENCE, (match, name: string | undefined, fallback: string | undefined, offset: number) => {
    if (match === '$${') return '${';
    const found = env[name!];
    if (found !== undefined && found !== '') return found;
    if (fallback !== undefined) return fallback;
    missing ??= { name: name!, offset };
    return '';
  });
  return missing ? { ok: false, missing: missing.name, offset: missing.offset } : { ok: true, value };
}
