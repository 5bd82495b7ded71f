const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/

/** The account and Region an ECR registry host names (`ACCOUNT.dkr.ecr.REGION.amazonaws.com`), or undefined. */
export function parseEcrHost(host: string): { accountId: string; region: string } | undefined {
  const match = ECR_HOST.exec(host)
  return match ? { accountId: match[1]!, region: match[2]! } : undefined
}
