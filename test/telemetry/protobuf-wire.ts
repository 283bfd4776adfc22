/**
 * A small decoder of the protobuf wire format, enough to read OTLP/HTTP protobuf export requests in
 * tests without the .proto files: messages become field number → values (varints as bigint,
 * length-delimited fields as Buffers to decode further).
 */
export type WireValue = bigint | Buffer;
export type WireMessage = Map<number, WireValue[]>;

export function decodeMessage(buf: Buffer): WireMessage {
  const out: WireMessage = new Map();
  let at = 0;
  const varint = (): bigint => {
    let value = 0n;
    let shift = 0n;
    for (;;) {
      const byte = buf[at++];
      if (byte === undefined) throw new Error('truncated varint');
      value |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return value;
      shift += 7n;
    }
  };
  while (at < buf.length) {
    const key = Number(varint());
    const field = key >>> 3;
    const wire = key & 7;
    let value: WireValue;
    if (wire === 0) value = varint();
    else if (wire === 2) {
      const length = Number(varint());
      value = buf.subarray(at, at + length);
      at += length;
    } else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      value = buf.subarray(at, at + size);
      at += size;
    } else throw new Error(`unsupported wire type ${wire}`);
    out.set(field, [...(out.get(field) ?? []), value]);
  }
  return out;
}

/** The length-delimited values of `field`, decoded as messages. */
export function messages(message: WireMessage, field: number): WireMessage[] {
  return (message.get(field) ?? []).map((v) => decodeMessage(v as Buffer));
}

export function text(message: WireMessage, field: number): string | undefined {
  const v = message.get(field)?.[0];
  return v instanceof Buffer ? v.toString('utf8') : undefined;
}

export function hex(message: WireMessage, field: number): string | undefined {
  const v = message.get(field)?.[0];
  return v instanceof Buffer ? v.toString('hex') : undefined;
}

export interface DecodedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  serviceName: string | undefined;
}

/** ExportTraceServiceRequest → resource_spans(1) → resource(1) / scope_spans(2) → spans(2). */
export function decodeTraceRequest(body: Buffer): DecodedSpan[] {
  const out: DecodedSpan[] = [];
  for (const resourceSpans of messages(decodeMessage(body), 1)) {
    const resource = messages(resourceSpans, 1)[0];
    const attributes = resource ? messages(resource, 1) : [];
    const service = attributes.find((kv) => text(kv, 1) === 'service.name');
    const serviceName = service ? text(messages(service, 2)[0]!, 1) : undefined;
    for (const scopeSpans of messages(resourceSpans, 2)) {
      for (const span of messages(scopeSpans, 2)) {
        out.push({ traceId: hex(span, 1) ?? '', spanId: hex(span, 2) ?? '', parentSpanId: hex(span, 4) ?? '', name: text(span, 5) ?? '', serviceName });
      }
    }
  }
  return out;
}

/** ExportMetricsServiceRequest → resource_metrics(1) → scope_metrics(2) → metrics(2) → name(1). */
export function decodeMetricNames(body: Buffer): string[] {
  const names: string[] = [];
  for (const rm of messages(decodeMessage(body), 1)) for (const sm of messages(rm, 2)) for (const m of messages(sm, 2)) names.push(text(m, 1) ?? '');
  return names;
}
