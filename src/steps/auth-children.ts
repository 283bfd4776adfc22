/** The authentication children of send-request (and, for basic and managed identity, top-level policies). */
import type { ElementSpec } from './handler.js';

export const AUTHENTICATION_BASIC: ElementSpec = {
  name: 'authentication-basic',
  attributes: [
    { name: 'username', required: true, expression: true },
    { name: 'password', required: true, expression: true },
  ],
};

export const AUTHENTICATION_CERTIFICATE: ElementSpec = {
  name: 'authentication-certificate',
  attributes: [
    { name: 'thumbprint', expression: true },
    { name: 'certificate-id', expression: true },
    { name: 'body', expression: true },
    { name: 'password', expression: true },
  ],
  oneOf: ['thumbprint', 'certificate-id', 'body'],
};

export const AUTHENTICATION_MANAGED_IDENTITY: ElementSpec = {
  name: 'authentication-managed-identity',
  attributes: [
    { name: 'resource', required: true, expression: true },
    { name: 'client-id', expression: false },
    { name: 'output-token-variable-name', expression: false },
    { name: 'ignore-error', default: 'false', type: 'boolean', expression: false },
  ],
};

export const PROXY: ElementSpec = {
  name: 'proxy',
  attributes: [
    { name: 'url', required: true, expression: true },
    { name: 'username', expression: true },
    { name: 'password', expression: true },
  ],
};

export function basicCredentials(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}
