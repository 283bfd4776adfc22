/** System.Security.Cryptography.X509Certificates and RSA: importing this registers them. */
export {};
