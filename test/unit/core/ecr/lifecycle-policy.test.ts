import { describe, expect, it } from 'vitest'
import { lifecyclePolicy } from '../../../../src-main/core/ecr/lifecycle-policy'

describe('lifecyclePolicy', () => {
  it('is undefined when no template is chosen', () => {
    expect(lifecyclePolicy({})).toBeUndefined()
  })

  it('expires untagged images first and keeps the last N, with the tagStatus "any" rule last as ECR requires', () => {
    const policy = JSON.parse(lifecyclePolicy({ keepLastImages: 30, expireUntaggedAfterDays: 14 })!)
    expect(policy.rules).toEqual([
      {
        rulePriority: 1,
        description: 'Expire untagged images after 14 days',
        selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 },
        action: { type: 'expire' },
      },
      {
        rulePriority: 2,
        description: 'Keep the last 30 images',
        selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 30 },
        action: { type: 'expire' },
      },
    ])
  })

  it("stays within ECR's 30,720-character policy limit", () => {
    expect(lifecyclePolicy({ keepLastImages: 1000, expireUntaggedAfterDays: 365 })!.length).toBeLessThan(30_720)
  })
})
