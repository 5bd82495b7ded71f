import { describe, expect, it } from 'vitest'
import { describePullPlan } from '../../../src-main/cli/pull-plan'

const estimate = { tagsToCopy: 30, tagsUpToDate: 5, pulls: 250, indexesUncounted: 0 }

describe('describePullPlan', () => {
  it.each([
    [
      'a paid account',
      estimate,
      { kind: 'unlimited' as const },
      /250 pulls for 30 tags to copy \(5 already up to date cost none\); no pull limit applies\.$/,
    ],
    [
      'enough quota',
      { ...estimate, pulls: 20 },
      { kind: 'limited' as const, limit: 100, remaining: 60, windowSeconds: 21600 },
      /20 pulls .*60 of 100 pulls left in a rolling 6 h window; all back by \d\d:\d\d at the latest\.$/,
    ],
    [
      'two windows short',
      estimate,
      { kind: 'limited' as const, limit: 100, remaining: 40, windowSeconds: 21600 },
      /pause about 3 times for the window to move\.$/,
    ],
    [
      'indexes of unknown size',
      { ...estimate, indexesUncounted: 2 },
      { kind: 'unlimited' as const },
      /^Docker Hub \(anonymous\): at least 250 pulls/,
    ],
  ])('%s', (_name, input, quota, expected) => {
    expect(describePullPlan(input, quota)).toMatch(expected)
  })

  it('names the account the pulls count against', () => {
    expect(describePullPlan(estimate, { kind: 'unlimited' }, 'alice')).toMatch(/^Docker Hub \(as alice\): 250 pulls/)
  })
})
