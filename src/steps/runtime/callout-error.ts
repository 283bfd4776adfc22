/** A failed callout, with APIM's LastError.Reason (`Timeout` or `BackendConnectionFailure`). */
export class CalloutError extends Error {
  constructor(
    readonly reason: 'Timeout' | 'BackendConnectionFailure',
    message: string,
  ) {
    super(message);
    this.name = 'CalloutError';
  }
}
