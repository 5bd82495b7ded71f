import { describe, expect, it } from 'vitest'
import { ACCOUNT_NAME, AWS_REGION, JOB_ID } from '../../../src-main/contract/patterns'

describe('the name shapes every side checks', () => {
  it('knows an AWS Region by its shape', () => {
    expect(['eu-west-1', 'us-gov-west-1', 'ap-southeast-2'].filter((name) => AWS_REGION.test(name))).toHaveLength(3)
    expect(['nowhere', 'EU-west-1', 'eu-west-12', 'eu-west-1 ', 'e-west-1'].some((name) => AWS_REGION.test(name))).toBe(
      false,
    )
  })

  it('knows job ids and account names', () => {
    expect([
      JOB_ID.test('20261127-093000-a1b2'),
      JOB_ID.test('20261127-093000-A1B2'),
      JOB_ID.test('../20261127-093000-a1b2'),
    ]).toEqual([true, false, false])
    expect([
      ACCOUNT_NAME.test('Work.ci_1-x'),
      ACCOUNT_NAME.test('-work'),
      ACCOUNT_NAME.test('a'.repeat(65)),
      ACCOUNT_NAME.test('a/b'),
    ]).toEqual([true, false, false, false])
  })
})
