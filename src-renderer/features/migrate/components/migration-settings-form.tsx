import type { FormEvent } from 'react'
import type { SettingsErrors, SettingsForm } from '../model/settings-form'

export interface MigrationSettingsFormProps {
  form: SettingsForm
  errors: SettingsErrors
  canPlan: boolean
  planning: boolean
  onChange(change: Partial<SettingsForm>): void
  onPlan(): void
}

function FieldError({ message, id }: { message?: string; id: string }) {
  return message ? (
    <span className="error-text" id={id}>
      {message}
    </span>
  ) : null
}

export function MigrationSettingsForm({
  form,
  errors,
  canPlan,
  planning,
  onChange,
  onPlan,
}: MigrationSettingsFormProps) {
  const submit = (event: FormEvent): void => {
    event.preventDefault()
    onPlan()
  }
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="settings-heading" data-testid="migrate-settings">
      <h2 id="settings-heading">ECR repository settings</h2>
      <fieldset>
        <legend>Tag mutability</legend>
        <label className="checkbox">
          <input
            type="radio"
            name="mutability"
            checked={form.mutability === 'mutable'}
            onChange={() => onChange({ mutability: 'mutable' })}
          />
          Mutable
        </label>
        <label className="checkbox">
          <input
            type="radio"
            name="mutability"
            checked={form.mutability === 'immutable'}
            onChange={() => onChange({ mutability: 'immutable' })}
            data-testid="settings-immutable"
          />
          Immutable
        </label>
        {form.mutability === 'immutable' && (
          <div className="field">
            <label>
              Mutable tag exceptions (comma separated filters, up to 5)
              <input
                value={form.exceptions}
                placeholder="latest, dev-*"
                onChange={(event) => onChange({ exceptions: event.target.value })}
                aria-invalid={Boolean(errors.exceptions)}
                aria-describedby={errors.exceptions ? 'error-exceptions' : undefined}
              />
            </label>
            <FieldError id="error-exceptions" message={errors.exceptions} />
          </div>
        )}
      </fieldset>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={form.scanOnPush}
          onChange={(event) => onChange({ scanOnPush: event.target.checked })}
        />
        Scan on push
      </label>
      <fieldset>
        <legend>Encryption</legend>
        <label className="checkbox">
          <input
            type="radio"
            name="encryption"
            checked={form.encryption === 'AES256'}
            onChange={() => onChange({ encryption: 'AES256' })}
          />
          AES-256
        </label>
        <label className="checkbox">
          <input
            type="radio"
            name="encryption"
            checked={form.encryption === 'KMS'}
            onChange={() => onChange({ encryption: 'KMS' })}
          />
          AWS KMS
        </label>
        {form.encryption === 'KMS' && (
          <label>
            KMS key (ARN or alias; empty for the AWS managed key)
            <input
              value={form.kmsKey}
              spellCheck={false}
              onChange={(event) => onChange({ kmsKey: event.target.value })}
            />
          </label>
        )}
      </fieldset>
      <fieldset>
        <legend>Lifecycle policy (optional)</legend>
        <div className="form-row">
          <div className="field">
            <label>
              Keep the last N images
              <input
                inputMode="numeric"
                value={form.keepLastImages}
                onChange={(event) => onChange({ keepLastImages: event.target.value })}
                aria-invalid={Boolean(errors.keepLastImages)}
                aria-describedby={errors.keepLastImages ? 'error-keep' : undefined}
              />
            </label>
            <FieldError id="error-keep" message={errors.keepLastImages} />
          </div>
          <div className="field">
            <label>
              Expire untagged images after N days
              <input
                inputMode="numeric"
                value={form.expireUntaggedAfterDays}
                onChange={(event) => onChange({ expireUntaggedAfterDays: event.target.value })}
                aria-invalid={Boolean(errors.expireUntaggedAfterDays)}
                aria-describedby={errors.expireUntaggedAfterDays ? 'error-expire' : undefined}
              />
            </label>
            <FieldError id="error-expire" message={errors.expireUntaggedAfterDays} />
          </div>
        </div>
      </fieldset>
      <div className="field">
        <label>
          Lambda platform (optional: also tag a single-platform copy for AWS Lambda)
          <input
            value={form.lambdaPlatform}
            list="lambda-platforms"
            placeholder="linux/amd64"
            spellCheck={false}
            onChange={(event) => onChange({ lambdaPlatform: event.target.value })}
            aria-invalid={Boolean(errors.lambdaPlatform)}
            aria-describedby={errors.lambdaPlatform ? 'error-lambda' : undefined}
          />
          <datalist id="lambda-platforms">
            <option value="linux/amd64" />
            <option value="linux/arm64" />
          </datalist>
        </label>
        <FieldError id="error-lambda" message={errors.lambdaPlatform} />
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={form.referrers}
          onChange={(event) => onChange({ referrers: event.target.checked })}
        />
        Copy referrers (signatures, SBOMs, attestations)
      </label>
      <div>
        <button type="submit" className="primary" disabled={!canPlan || planning} data-testid="migrate-plan">
          {planning ? 'Planning…' : 'Plan'}
        </button>
      </div>
    </form>
  )
}
