import { describe } from 'vitest';
import { runTable } from './table.js';

const S = 'System.String';
const I = 'System.Int32';
const B = 'System.Boolean';
const NS = 'Microsoft.Azure.ApiManagement.Policies.Expressions';

// header {alg:RS256,typ:JWT,kid:k1}; payload {sub:alice, iss, aud:[api://one, api://two], exp:1700003600,
// iat/nbf:1700000000, jti:id-1, roles:[admin, reader], name:Alice, n:5}; signature not checked
const TOKEN =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.eyJzdWIiOiJhbGljZSIsImlzcyI6Imh0dHBzOi8vaXNzdWVyLmV4YW1wbGUiLCJhdWQiOlsiYXBpOi8vb25lIiwiYXBpOi8vdHdvIl0sImV4cCI6MTcwMDAwMzYwMCwiaWF0IjoxNzAwMDAwMDAwLCJuYmYiOjE3MDAwMDAwMDAsImp0aSI6ImlkLTEiLCJyb2xlcyI6WyJhZG1pbiIsInJlYWRlciJdLCJuYW1lIjoiQWxpY2UiLCJuIjo1fQ.c2ln';
const jwt = `"${TOKEN}".AsJwt()`;

describe('APIM extensions: AsJwt, TryParseJwt, AsBasic, TryParseBasic', () => {
  runTable([
    [`${jwt}.Subject`, ['alice', S]],
    [`"Bearer ${TOKEN}".AsJwt().Subject`, ['alice', S]],
    [`${jwt}.Issuer`, ['https://issuer.example', S]],
    [`${jwt}.Id`, ['id-1', S]],
    [`${jwt}.Algorithm`, ['RS256', S]],
    [`${jwt}.Type`, ['JWT', S]],
    [`string.Join(";", ${jwt}.Audiences)`, ['api://one;api://two', S]],
    [`${jwt}.ExpirationTime?.ToString("o")`, ['2023-11-14T23:13:20.0000000Z', S]],
    [`${jwt}.IssuedAt?.Year`, ['2023', I]],
    [`${jwt}.NotBefore != null`, ['True', B]],
    [`${jwt}.Claims.GetValueOrDefault("roles", "none")`, ['admin,reader', S]],
    [`${jwt}.Claims.GetValueOrDefault("missing", "none")`, ['none', S]],
    [`${jwt}.Claims.GetValueOrDefault("n")`, ['5', S]],
    [`${jwt}.Claims["name"][0]`, ['Alice', S]],
    [`${jwt}.Claims["roles"].Length`, ['2', I]],
    [`${jwt}.Claims.ContainsKey("sub")`, ['True', B]],
    [`${jwt}.Claims["nope"]`, { throws: 'System.Collections.Generic.KeyNotFoundException', message: "The given key 'nope' was not present in the dictionary." }],
    ['"not.a.jwt".AsJwt() == null', ['True', B]],
    ['"".AsJwt()?.Subject ?? "anonymous"', ['anonymous', S]],
    [`"${TOKEN}".TryParseJwt(out var j) ? j.Subject : "no"`, ['alice', S]],
    ['"abc".TryParseJwt(out var j)', ['False', B]],
    [`${jwt}.GetType().ToString()`, [`${NS}.Jwt`, S]],
    ['"Basic YWxhZGRpbjpvcGVuOnNlc2FtZQ==".AsBasic().UserId', ['aladdin', S]],
    ['"Basic YWxhZGRpbjpvcGVuOnNlc2FtZQ==".AsBasic().Password', ['open:sesame', S]],
    ['"Bearer abc".AsBasic() == null', ['True', B]],
    ['"Basic !!!".TryParseBasic(out var c)', ['False', B]],
  ]);
});

describe('crypto', () => {
  runTable([
    ['Convert.ToBase64String(new HMACSHA256(Encoding.UTF8.GetBytes("key")).ComputeHash(Encoding.UTF8.GetBytes("The quick brown fox jumps over the lazy dog")))', ['97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=', S]],
    ['BitConverter.ToString(new HMACSHA1(Encoding.UTF8.GetBytes("key")).ComputeHash(Encoding.UTF8.GetBytes("msg"))).Replace("-", "")', ['102900B72B7BF1031EEC76B4804B66052376896B', S]],
    ['Convert.ToBase64String(new HMACSHA512(new byte[200]).ComputeHash(new byte[] { 1, 2, 3 })).Substring(0, 24)', ['L4Aud7hmVpP0ofDfe4iBvgTf', S]],
    ['new HMACSHA256(new byte[] { 1, 2 }).Key.Length', ['2', I]],
    ['Convert.ToBase64String(SHA256.Create().ComputeHash(Encoding.UTF8.GetBytes("abc")))', ['ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=', S]],
    ['BitConverter.ToString(MD5.Create().ComputeHash(Encoding.UTF8.GetBytes("abc"))).Replace("-", "").ToLower()', ['900150983cd24fb0d6963f7d28e17f72', S]],
    ['Convert.ToBase64String(SHA512.Create().ComputeHash(new byte[0])).Substring(0, 20)', ['z4PhNX7vuL3xVChQ1m2A', S]],
    ['SHA1.Create().ComputeHash(new byte[0]).Length', ['20', I]],
    ['SHA384.Create().HashSize', ['384', I]],
    ['new HMACSHA256(null)', { throws: 'System.ArgumentNullException', message: "Value cannot be null. (Parameter 'key')" }],
    ['RandomNumberGenerator.GetBytes(16).Length', ['16', I]],
    ['@{ var b = new byte[8]; RandomNumberGenerator.Create().GetBytes(b); return b.Length; }'.slice(2, -1), ['8', I]],
    ['@{ var b = new byte[8]; new RNGCryptoServiceProvider().GetBytes(b); return b.Length; }'.slice(2, -1), ['8', I]],
    ['Convert.ToBase64String(Encoding.UTF8.GetBytes("goober").Encrypt("Aes", new byte[32], new byte[16]))', ['O+7tdbs1BOUVoP8nq/eShQ==', S]],
    [
      'Convert.ToBase64String(Encoding.UTF8.GetBytes("secret text").Encrypt("Aes", Convert.FromBase64String("AAECAwQFBgcICQoLDA0ODxAREhMUFRYX"), new byte[16]))',
      ['4aF0MkwqabsNqq313bJwlA==', S],
    ],
    ['Encoding.UTF8.GetString(Convert.FromBase64String("O+7tdbs1BOUVoP8nq/eShQ==").Decrypt("Aes", new byte[32], new byte[16]))', ['goober', S]],
    ['Encoding.UTF8.GetString(Encoding.UTF8.GetBytes("hi").Encrypt("Rijndael", new byte[16], new byte[16]).Decrypt("Rijndael", new byte[16], new byte[16]))', ['hi', S]],
    ['Encoding.UTF8.GetBytes("x").Encrypt("Aes", new byte[10], new byte[16])', { throws: 'System.Security.Cryptography.CryptographicException', message: 'Specified key is not a valid size for this algorithm.' }],
    ['Encoding.UTF8.GetBytes("x").Encrypt("Aes", new byte[16], new byte[8])', { throws: 'System.Security.Cryptography.CryptographicException', message: 'Specified initialization vector (IV) does not match the block size for this algorithm.' }],
    ['new byte[16].Decrypt("Aes", new byte[16], new byte[16])', { throws: 'System.Security.Cryptography.CryptographicException', message: 'Padding is invalid and cannot be removed.' }],
    ['Encoding.UTF8.GetBytes("x").Encrypt("Nope", new byte[16], new byte[16])', { throws: 'System.NullReferenceException' }],
    ['@{ var aes = Aes.Create(); aes.Key = new byte[32]; aes.IV = new byte[16]; return Convert.ToBase64String(Encoding.UTF8.GetBytes("goober").Encrypt(aes)); }'.slice(2, -1), ['O+7tdbs1BOUVoP8nq/eShQ==', S]],
  ]);
});
