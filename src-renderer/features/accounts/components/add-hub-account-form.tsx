import { useId, useState, type FormEvent } from 'react'
import type { AppInfo } from '../../../../src-main/contract'
import { ErrorMessage } from '../../../components/ui/error-message'

export interface NewHubAccount {
  name: string
  username: string
  token: string
  save: boolean
}

export interface AddHubAccountFormProps {
  secretStorage: AppInfo['secretStorage']
  pending: boolean
  error: unknown
  /** Resolves true when the account was added (the form then clears). */
  onSubmit(account: NewHubAccount): Promise<boolean>
}

const NAME_PATTERN = '[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}'

export function AddHubAccountForm({ secretStorage, pending, error, onSubmit }: AddHubAccountFormProps) {
  const hintId = useId()
  const [name, setName] = useState('')
  const [username, setUsername] = useState('')
  const [token, setToken] = useState('')
  // Without real protection (Linux basic_text), saving is opt-in: the token then lives only for this session.
  const [save, setSave] = useState(secretStorage.secure)

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (await onSubmit({ name: name.trim(), username: username.trim(), token, save })) {
      setName('')
      setUsername('')
      setToken('')
    }
  }

  return (
    <form
      className="stack"
      onSubmit={(event) => void submit(event)}
      aria-label="Add a Docker Hub account"
      data-testid="add-hub-account"
    >
      <div className="form-row">
        <label>
          Name
          <input
            value={name}
            onChange={(event) => setName(event.target.value)}
            required
            pattern={NAME_PATTERN}
            title="Letters, digits, dots, dashes or underscores"
            autoComplete="off"
            spellCheck={false}
            data-testid="hub-account-name"
          />
        </label>
        <label>
          Docker Hub user
          <input
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            required
            autoComplete="username"
            spellCheck={false}
            data-testid="hub-account-username"
          />
        </label>
        <label>
          Access token
          <input
            type="password"
            value={token}
            onChange={(event) => setToken(event.target.value)}
            required
            autoComplete="off"
            data-testid="hub-account-token"
          />
        </label>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={save}
          onChange={(event) => setSave(event.target.checked)}
          aria-describedby={hintId}
          data-testid="hub-account-save"
        />
        Save the token on this computer
      </label>
      <p id={hintId} className={secretStorage.secure ? 'hint' : 'hint warning'} data-testid="secret-storage-note">
        {secretStorage.secure
          ? `Saved tokens are encrypted with ${secretStorage.description}.`
          : `This computer has no secure secret storage (${secretStorage.description}): a saved token would be only ` +
            'obfuscated, not encrypted. Leave "Save" off and the token is kept only for this session, in memory, and ' +
            'forgotten when Crossdock quits.'}{' '}
        Crossdock signs in first: a token Docker Hub refuses is not kept.
      </p>
      <div>
        <button type="submit" className="primary" disabled={pending} data-testid="hub-account-add">
          {pending ? 'Signing in…' : 'Add account'}
        </button>
      </div>
      <ErrorMessage error={error} testId="hub-account-error" />
    </form>
  )
}
