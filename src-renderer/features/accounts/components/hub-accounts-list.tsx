import type { HubAccountDto, QuotaDto } from '../../../../src-main/contract'
import { formatDateTime, formatQuota } from '../../../lib/format'
import { TableHead } from '../../../components/ui/table-head'

export type QuotaView =
  | { status: 'loading' }
  | { status: 'ok'; quota: QuotaDto; namespaces?: readonly string[] }
  | { status: 'error'; message: string }

export interface HubAccountsListProps {
  accounts: readonly HubAccountDto[]
  /** The Docker config's own docker.io user, used when no saved account is chosen. */
  dockerConfigUser?: string
  /** By account name; the key `''` is the default (Docker config user or anonymous). */
  quotas: Record<string, QuotaView | undefined>
  onRemove(name: string): void
}

/** What the account can see: its own namespace and its organisations'. */
function NamespacesText({ view }: { view: QuotaView | undefined }) {
  if (view?.status !== 'ok' || !view.namespaces) return <span className="muted">—</span>
  return view.namespaces.length > 0 ? (
    <span>{view.namespaces.join(', ')}</span>
  ) : (
    <span className="muted">public repositories only</span>
  )
}

function QuotaText({ view }: { view: QuotaView | undefined }) {
  if (!view || view.status === 'loading') return <span className="muted">checking…</span>
  if (view.status === 'error') return <span className="error-text">{view.message}</span>
  return <span>{formatQuota(view.quota)}</span>
}

export function HubAccountsList({ accounts, dockerConfigUser, quotas, onRemove }: HubAccountsListProps) {
  return (
    <table className="data-table" data-testid="hub-accounts">
      <caption className="visually-hidden-text">Docker Hub accounts</caption>
      <TableHead columns={['Name', 'Docker Hub user', 'Added', 'Sees', 'Pull quota']} actions />
      <tbody>
        {accounts.map((account) => (
          <tr key={account.name} data-testid="hub-account-row" data-account={account.name}>
            <th scope="row">{account.name}</th>
            <td>{account.username}</td>
            <td>
              {formatDateTime(account.addedAt)}
              {!account.saved && <span className="muted"> (this session only)</span>}
            </td>
            <td data-testid="hub-account-namespaces">
              <NamespacesText view={quotas[account.name]} />
            </td>
            <td data-testid="hub-account-quota">
              <QuotaText view={quotas[account.name]} />
            </td>
            <td>
              <button type="button" onClick={() => onRemove(account.name)} aria-label={`Remove ${account.name}`}>
                Remove
              </button>
            </td>
          </tr>
        ))}
        <tr data-testid="hub-account-row" data-account="">
          <th scope="row">{dockerConfigUser ? 'Docker config' : 'Anonymous'}</th>
          <td>{dockerConfigUser ?? <span className="muted">not signed in</span>}</td>
          <td className="muted">{dockerConfigUser ? '~/.docker/config.json' : '—'}</td>
          <td data-testid="hub-account-namespaces">
            <NamespacesText view={quotas['']} />
          </td>
          <td data-testid="hub-account-quota">
            <QuotaText view={quotas['']} />
          </td>
          <td />
        </tr>
      </tbody>
    </table>
  )
}
