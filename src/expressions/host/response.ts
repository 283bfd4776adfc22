/**
 * IResponse and IMessageBody: what send-request stores in its variable, read back by expressions as
 * `((IResponse)context.Variables["r"]).Body.As<JObject>()`.
 *
 * Reading a body without `preserveContent: true` consumes it, as APIM does: a later read sees an
 * empty body (As<string>() → "", As<byte[]>() → empty array, As<JObject>/As<JToken>/As<JArray>() → null).
 * With `preserveContent: true` the body can be read again.
 */
import type { HeaderBag } from '../../common/headers.js';

export class MessageBody {
  private consumed = false;
  constructor(readonly bytes: Buffer) {}

  /** The bytes this read sees; consumes them unless preserve. */
  read(preserve: boolean): Buffer {
    if (this.consumed) return Buffer.alloc(0);
    if (!preserve) this.consumed = true;
    return this.bytes;
  }

  get isConsumed(): boolean {
    return this.consumed;
  }
}

export class ResponseValue {
  readonly body: MessageBody;
  constructor(
    readonly statusCode: number,
    readonly statusReason: string,
    readonly headers: HeaderBag,
    body: Buffer,
  ) {
    this.body = new MessageBody(body);
  }
}
