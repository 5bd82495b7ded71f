import { describe, expect, it } from 'vitest'
import { quotaPollMs } from '../../../src-main/cli/registry-options'

describe('quotaPollMs', () => {
  it('asks Docker Hub again every CROSSDOCK_QUOTA_POLL_SECONDS, every 30 s by default', () => {
    expect(quotaPollMs({ CROSSDOCK_QUOTA_POLL_SECONDS: '1' })).toBe(1_000)
    expect(quotaPollMs({})).toBe(30_000)
  })
})
