import type { AwsProfileDto, AwsTargetDto, HubAccountDto } from '../../../../src-main/contract'
import { AWS_REGION } from '../../../../src-main/contract/patterns'
import { ErrorMessage } from '../../../components/ui/error-message'

export const COMMON_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-east-1',
  'me-south-1',
  'me-central-1',
  'af-south-1',
  'il-central-1',
]

export interface ConnectionFormProps {
  hubAccounts: readonly HubAccountDto[]
  dockerConfigUser?: string
  hubAccount?: string
  profiles: readonly AwsProfileDto[]
  profile?: string
  region: string
  verifying: boolean
  verified?: AwsTargetDto
  verifyError: unknown
  onHubAccountChange(name: string | undefined): void
  onProfileChange(profile: string | undefined): void
  onRegionChange(region: string): void
  onVerify(): void
}

/** Which Docker Hub account and which AWS profile and Region Compare and Migrate use. */
export function ConnectionForm(props: ConnectionFormProps) {
  const { hubAccounts, dockerConfigUser, hubAccount, profiles, profile, region, verifying, verified, verifyError } =
    props
  const regionValid = AWS_REGION.test(region)
  return (
    <div className="stack">
      <label>
        Docker Hub account for Compare and Migrate
        <select
          value={hubAccount ?? ''}
          onChange={(event) => props.onHubAccountChange(event.target.value || undefined)}
          data-testid="connection-hub-account"
        >
          <option value="">{dockerConfigUser ? `Docker config user (${dockerConfigUser})` : 'Anonymous'}</option>
          {hubAccounts.map((account) => (
            <option key={account.name} value={account.name}>
              {account.name} ({account.username})
            </option>
          ))}
        </select>
      </label>
      <div className="form-row">
        <label>
          AWS profile
          <select
            value={profile ?? ''}
            onChange={(event) => props.onProfileChange(event.target.value || undefined)}
            data-testid="aws-profile"
          >
            <option value="">Default credential chain</option>
            {profiles.map((option) => (
              <option key={option.name} value={option.name}>
                {option.name} ({option.kind}
                {option.region ? `, ${option.region}` : ''})
              </option>
            ))}
          </select>
        </label>
        <label>
          AWS Region
          <input
            value={region}
            onChange={(event) => props.onRegionChange(event.target.value.trim())}
            list="aws-regions"
            placeholder="eu-west-1"
            autoComplete="off"
            spellCheck={false}
            aria-invalid={region !== '' && !regionValid}
            data-testid="aws-region"
          />
          <datalist id="aws-regions">
            {COMMON_REGIONS.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </label>
        <button type="button" onClick={props.onVerify} disabled={!regionValid || verifying} data-testid="aws-verify">
          {verifying ? 'Verifying…' : 'Verify'}
        </button>
      </div>
      {region !== '' && !regionValid && <p className="hint warning">An AWS Region looks like eu-west-1.</p>}
      {verified && (
        <p role="status" data-testid="aws-identity">
          AWS account <strong>{verified.accountId}</strong>, registry <code>{verified.registry}</code>
        </p>
      )}
      <ErrorMessage error={verifyError} testId="aws-verify-error" />
    </div>
  )
}
