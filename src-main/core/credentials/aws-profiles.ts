// The AWS SDK's own reader of ~/.aws/config and credentials (same files, same env overrides). @smithy/core is
// pinned to the version @aws-sdk/client-ecr resolves, so the app carries one copy of it.
import { loadSharedConfigFiles } from '@smithy/core/config'

export interface AwsProfile {
  name: string
  region?: string
  kind: 'sso' | 'keys' | 'role' | 'process' | 'other'
}

/**
 * The profiles of ~/.aws/config and ~/.aws/credentials (or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE), as
 * the SDK reads them: names and kinds only; their keys stay where they are.
 */
export async function awsProfiles(): Promise<AwsProfile[]> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles()
  const names = new Set([...Object.keys(configFile), ...Object.keys(credentialsFile)])
  return [...names].sort().map((name) => {
    const settings = { ...credentialsFile[name], ...configFile[name] }
    const kind =
      settings.sso_session || settings.sso_start_url
        ? 'sso'
        : settings.role_arn
          ? 'role'
          : settings.credential_process
            ? 'process'
            : settings.aws_access_key_id
              ? 'keys'
              : 'other'
    return { name, kind, ...(settings.region ? { region: settings.region } : {}) }
  })
}
