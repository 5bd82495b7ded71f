const ECR_HOST = /^\d{12}\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/

/** The Region of an ECR registry host, or undefined when the host is not ECR's. */
export function ecrRegion(registry: string): string | undefined {
  return ECR_HOST.exec(registry)?.[1]
}
