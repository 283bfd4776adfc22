/**
 * The `certificates:` section: APIM's uploaded certificates, by certificate-id. Each file (PFX/PKCS#12,
 * DER, PEM or base64 text, optionally with a password) is read once, by the same reader as
 * `new X509Certificate2(bytes, password)` in policy expressions, so a file the gateway accepts is one a
 * policy could load, and a bad file or password is reported at its entry, not at the first handshake.
 */
import { readFileSync } from 'node:fs';
import { DotnetException } from '../expressions/errors.js';
import { tlsPair, type TlsPair } from '../expressions/runtime/x509/tls-pair.js';
import type { SourceLocation } from '../policy/diagnostics.js';
import { CONFIG_CODES, type Cursor } from './yaml-cursor.js';

export interface ConfigCertificate extends TlsPair {
  /** The certificate-id policies name it by. */
  id: string;
  file: string;
  /** The file's bytes and password, as `new X509Certificate2(raw, password)` takes them. */
  raw: Uint8Array;
  password: string | null;
  at: SourceLocation;
}

type FilePath = (cursor: Cursor, kind: 'file' | 'folder') => string | undefined;

export function readCertificates(section: Cursor, filePath: FilePath): Map<string, ConfigCertificate> {
  const out = new Map<string, ConfigCertificate>();
  for (const [id, cursor] of section.entries()) {
    const m = cursor.map(['file', 'password']);
    if (!m) continue;
    const fileCursor = m.get('file');
    if (!fileCursor) {
      cursor.error(CONFIG_CODES.missing, `certificates.${id} needs file: (a .pfx, .cer or .pem file)`);
      continue;
    }
    const file = filePath(fileCursor, 'file');
    if (!file) continue;
    const password = m.get('password')?.string() ?? null;
    const raw = new Uint8Array(readFileSync(file));
    try {
      out.set(id, { id, file, raw, password, ...tlsPair(raw, password), at: cursor.at() });
    } catch (err) {
      const reason = err instanceof DotnetException ? `${err.dotnetType.replace(/^.*\./, '')}: ${err.message}` : (err as Error).message;
      fileCursor.error(CONFIG_CODES.invalidValue, `certificates.${id}: cannot read ${file} as a certificate (${reason})`);
    }
  }
  return out;
}
