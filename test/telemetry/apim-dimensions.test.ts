import { describe, expect, it } from 'vitest';
import { codeCategory, reasonOf, requestDimensions, requestStatus } from '../../src/telemetry/apim-dimensions.js';

describe('APIM request dimensions', () => {
  it('classifies status codes as Azure Monitor does', () => {
    expect([101, 200, 302, 401, 403, 429, 400, 404, 500, 502, 0].map((statusCode) => requestStatus({ statusCode }))).toEqual([
      'Successful', 'Successful', 'Successful', 'Unauthorized', 'Unauthorized', 'Unauthorized', 'Failed', 'Other', 'Failed', 'Failed', 'Failed',
    ]);
    expect([101, 404, 503, 0].map(codeCategory)).toEqual(['1xx', '4xx', '5xx', 'Other']);
  });

  it('reads the reason a gateway error names', () => {
    expect(reasonOf('SubscriptionKeyNotFound')).toBe('SubscriptionKeyNotFound');
    expect(reasonOf('OperationNotFound: no API matches /x')).toBe('OperationNotFound');
    expect(reasonOf('connection limit 5 reached')).toBeUndefined();
  });

  it('leaves the backend dimensions out when no backend answered', () => {
    const dims = requestDimensions({ gatewayId: 'g', location: 'l' }, 'h', { statusCode: 500, lastErrorReason: 'BackendConnectionFailure' });
    expect(dims).toEqual({ GatewayId: 'g', Location: 'l', Hostname: 'h', Cache: 'None', ResponseCode: 500, ResponseCodeCategory: '5xx', Status: 'Failed', LastErrorReason: 'BackendConnectionFailure' });
  });
});
