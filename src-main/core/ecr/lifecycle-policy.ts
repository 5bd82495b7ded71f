import type { RepositorySettings } from '../../contract'

/** The lifecycle rules Crossdock offers as templates; anything else is the user's own JSON. */
export type LifecycleTemplate = NonNullable<RepositorySettings['lifecycle']>

/**
 * An ECR lifecycle policy document for the templates chosen (ECR's rule syntax: lower priority numbers are
 * evaluated first; `tagStatus: any` must be the rule with the highest number). Undefined when none is chosen.
 */
export function lifecyclePolicy(template: LifecycleTemplate): string | undefined {
  const rules: object[] = []
  if (template.expireUntaggedAfterDays !== undefined) {
    rules.push({
      rulePriority: rules.length + 1,
      description: `Expire untagged images after ${template.expireUntaggedAfterDays} days`,
      selection: {
        tagStatus: 'untagged',
        countType: 'sinceImagePushed',
        countUnit: 'days',
        countNumber: template.expireUntaggedAfterDays,
      },
      action: { type: 'expire' },
    })
  }
  if (template.keepLastImages !== undefined) {
    rules.push({
      rulePriority: rules.length + 1,
      description: `Keep the last ${template.keepLastImages} images`,
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: template.keepLastImages },
      action: { type: 'expire' },
    })
  }
  return rules.length === 0 ? undefined : JSON.stringify({ rules })
}
