/**
 * `Authorization`, the object get-authorization-context puts in its context variable: the connection's
 * access token and the claims of the token response (RFC 6749 §5.1), as APIM documents it:
 * `class Authorization { string AccessToken; IReadOnlyDictionary<string, object> Claims; }`.
 */
import { prop, registerType } from '../registry.js';
import { MASK } from '../../common/mask.js';
import { parseJson } from '../json/parse.js';
import { JObject, JValue } from '../json/model.js';
import { boxedValueOf } from '../json/convert.js';
import { DictionaryValue } from './collections.js';

const NS = 'Microsoft.Azure.ApiManagement.Policies.Expressions';

export class AuthorizationValue {
  readonly claims: DictionaryValue;
  constructor(
    readonly accessToken: string,
    claims: Record<string, unknown>,
  ) {
    // As Newtonsoft deserialises into Dictionary<string, object>: primitives unboxed (long, double,
    // string, bool), objects and arrays as JObject / JArray.
    this.claims = new DictionaryValue('System.String', 'System.Object');
    const parsed = parseJson(JSON.stringify(claims));
    if (parsed instanceof JObject) for (const p of parsed.props.values()) this.claims.set(p.name, p.value instanceof JValue ? boxedValueOf(p.value) : p.value);
  }
}

registerType({
  name: `${NS}.Authorization`,
  jsClass: AuthorizationValue,
  members: {
    AccessToken: prop('string', (a: AuthorizationValue) => a.accessToken),
    Claims: prop('System.Collections.Generic.IReadOnlyDictionary<string, object>', (a: AuthorizationValue) => a.claims),
  },
  toString: () => `${NS}.Authorization`,
  // The token is a credential: traces show the claims' names only.
  toJson: (a: AuthorizationValue) => ({ AccessToken: MASK, Claims: [...a.claims.map.values()].map((e) => e.key) }),
});
