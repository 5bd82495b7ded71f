import { ECRClient } from '@aws-sdk/client-ecr'

/** ECR's documented PutImage rate per account and Region: what manifest writes are paced to. */
export const PUT_IMAGE_PER_SECOND = 10

/**
 * An ECR API client on the AWS default credential chain (or a named profile, SSO and assumed roles included;
 * the endpoint from AWS_ENDPOINT_URL_ECR when set). Adaptive retries back off on ThrottlingException and slow
 * the client down: ECR publishes no rate for CreateRepository or DescribeImages.
 */
export function ecrClient(region: string, profile?: string): ECRClient {
  return new ECRClient({ region, maxAttempts: 8, retryMode: 'adaptive', ...(profile ? { profile } : {}) })
}
