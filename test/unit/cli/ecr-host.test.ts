import { describe, expect, it } from 'vitest'
import { parseEcrTarget } from '../../../src-main/cli/ecr-host'

describe('parseEcrTarget', () => {
  it('reads the account, the Region and the prefix of ecr://[ACCOUNT@]REGION[/PREFIX]', () => {
    expect(parseEcrTarget('ecr://123456789012@us-gov-west-1/mirror/')).toEqual({
      region: 'us-gov-west-1',
      prefix: 'mirror',
      accountId: '123456789012',
    })
    expect(parseEcrTarget('ecr://eu-west-1')).toEqual({ region: 'eu-west-1', prefix: '' })
  })

  it('refuses what is not an AWS Region', () => {
    for (const text of ['ecr://eu-west-12/mirror', 'ecr://nowhere', 'ecr://12345@eu-west-1'])
      expect(() => parseEcrTarget(text)).toThrow(/--to must look like/)
  })
})
