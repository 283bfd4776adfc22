/**
 * System.Security.Cryptography.X509Certificates and RSA: importing this registers them. Loading (DER, PEM,
 * PKCS#12 with PBES2/3DES/RC2) is in load.ts and pkcs12.ts; the .NET surface in certificate.ts and rsa.ts.
 */
import './hash-name.js';
import './padding.js';
import './rsa.js';
import './oid.js';
import './certificate.js';
