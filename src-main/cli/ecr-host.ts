import { AWS_REGION_NAME } from '../contract/patterns'
import { parseEcrHost } from '../core/reference/ecr-host'
import { UsageError } from './usage-error'

/** The Region of an ECR registry host, or undefined when the host is not ECR's. */
export function ecrRegion(registry: string): string | undefined {
  return parseEcrHost(registry)?.region
}

const ECR_TARGET = new RegExp(String.raw`^ecr://(?:(\d{12})@)?(${AWS_REGION_NAME})(?:/(.*))?$`)

/** `ecr://[ACCOUNT@]REGION[/PREFIX]`: where in ECR a migration goes (the account defaults to the AWS credentials'). */
export function parseEcrTarget(text: string): { region: string; prefix: string; accountId?: string } {
  const match = ECR_TARGET.exec(text)
  if (!match)
    throw new UsageError(
      `--to must look like ecr://[ACCOUNT@]REGION[/PREFIX], e.g. ecr://eu-west-1/mirror (got "${text}").`,
    )
  return {
    region: match[2]!,
    prefix: (match[3] ?? '').replace(/\/+$/, ''),
    ...(match[1] ? { accountId: match[1] } : {}),
  }
}
