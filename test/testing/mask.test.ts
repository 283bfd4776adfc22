import { describe, expect, it } from 'vitest';
import { maskForReport } from '../../src/testing/mask.js';

describe('masking what reports print', () => {
  it('keeps the scheme of credentials and hides secret named values anywhere', () => {
    const value = {
      headers: { Authorization: 'Bearer eyJabc.def', 'X-Key': 'k-s3cret-1', 'api-key': 'abc' },
      list: ['prefix k-s3cret-1 suffix'],
      request: 'POST https://x/negotiate\nAuthorization: Bearer tok\nX-Id: 7',
    };
    expect(maskForReport(value, ['k-s3cret-1'])).toEqual({
      headers: { Authorization: 'Bearer ***', 'X-Key': '***', 'api-key': '***' },
      list: ['prefix *** suffix'],
      request: 'POST https://x/negotiate\nAuthorization: Bearer ***\nX-Id: 7',
    });
  });
});
