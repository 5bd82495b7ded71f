import { useState } from 'react'
import type { QuotaView } from '../../features/accounts/components/hub-accounts-list'
import { ConfirmDialog } from '../../components/ui/confirm-dialog'
import { ErrorMessage } from '../../components/ui/error-message'
import { PageHeader } from '../../components/ui/page-header'
import { useAccounts } from '../../features/accounts/api/use-accounts'
import { useAddHubAccount } from '../../features/accounts/api/use-add-hub-account'
import { useAppInfo } from '../../features/accounts/api/use-app-info'
import { useRemoveHubAccount } from '../../features/accounts/api/use-remove-hub-account'
import { useVerifyAws } from '../../features/accounts/api/use-verify-aws'
import { AddHubAccountForm, type NewHubAccount } from '../../features/accounts/components/add-hub-account-form'
import { ConnectionForm } from '../../features/accounts/components/connection-form'
import { HubAccountsList } from '../../features/accounts/components/hub-accounts-list'
import { useHubQuotas } from '../../features/limits/api/use-hub-quota'
import { useStore } from '../../stores/external-store'
import { useAppStores } from '../app-stores'

export function AccountsRoute() {
  const { connection } = useAppStores()
  const current = useStore(connection)
  const info = useAppInfo()
  const accounts = useAccounts()
  const add = useAddHubAccount()
  const remove = useRemoveHubAccount()
  const verify = useVerifyAws()
  const [removing, setRemoving] = useState<string>()

  const hub = accounts.data?.hub ?? []
  const quotaNames = ['', ...hub.map((account) => account.name)]
  const quotaQueries = useHubQuotas(quotaNames)
  const quotas: Record<string, QuotaView> = {}
  quotaNames.forEach((name, index) => {
    const query = quotaQueries[index]
    quotas[name] = query?.data
      ? { status: 'ok', quota: query.data.quota, namespaces: query.data.namespaces }
      : query?.error
        ? { status: 'error', message: query.error.message }
        : { status: 'loading' }
  })

  const addAccount = async (account: NewHubAccount): Promise<boolean> => {
    try {
      await add.mutateAsync(account)
    } catch {
      return false
    }
    if (!connection.get().hubAccount) connection.set((previous) => ({ ...previous, hubAccount: account.name }))
    return true
  }

  const confirmRemoval = (): void => {
    const name = removing
    setRemoving(undefined)
    if (!name) return
    remove.mutate(name, {
      onSuccess: () => {
        if (connection.get().hubAccount === name) connection.set((previous) => ({ ...previous, hubAccount: undefined }))
      },
    })
  }

  const changeTarget = (change: { awsProfile?: string; region?: string }): void => {
    verify.reset()
    connection.set((previous) => ({ ...previous, ...change }))
  }

  return (
    <>
      <PageHeader title="Accounts" />
      <ErrorMessage error={accounts.error} />
      <section className="card stack" aria-labelledby="hub-heading">
        <h2 id="hub-heading">Docker Hub</h2>
        {accounts.data && (
          <HubAccountsList
            accounts={hub}
            dockerConfigUser={accounts.data.dockerConfigUser}
            quotas={quotas}
            onRemove={setRemoving}
          />
        )}
        <ErrorMessage error={remove.error} />
        <h3>Add an account</h3>
        {info.data && (
          <AddHubAccountForm
            secretStorage={info.data.secretStorage}
            pending={add.isPending}
            error={add.error}
            onSubmit={addAccount}
          />
        )}
      </section>
      <section className="card stack" aria-labelledby="connection-heading">
        <h2 id="connection-heading">Connection for Compare and Migrate</h2>
        {accounts.data && (
          <ConnectionForm
            hubAccounts={hub}
            dockerConfigUser={accounts.data.dockerConfigUser}
            hubAccount={current.hubAccount}
            profiles={accounts.data.awsProfiles}
            profile={current.awsProfile}
            region={current.region}
            verifying={verify.isPending}
            verified={verify.data}
            verifyError={verify.error}
            onHubAccountChange={(hubAccount) => connection.set((previous) => ({ ...previous, hubAccount }))}
            onProfileChange={(awsProfile) => {
              // A profile's own Region is the likely target; keep one the user already typed.
              const region = accounts.data.awsProfiles.find((profile) => profile.name === awsProfile)?.region
              changeTarget({ awsProfile, ...(region && !current.region ? { region } : {}) })
            }}
            onRegionChange={(region) => changeTarget({ region })}
            onVerify={() =>
              verify.mutate({ ...(current.awsProfile ? { profile: current.awsProfile } : {}), region: current.region })
            }
          />
        )}
      </section>
      <ConfirmDialog
        open={removing !== undefined}
        title={`Remove ${removing ?? ''}?`}
        confirmLabel="Remove"
        onConfirm={confirmRemoval}
        onCancel={() => setRemoving(undefined)}
      >
        <p>Its saved token is deleted from this computer. Jobs that used it keep their reports.</p>
      </ConfirmDialog>
    </>
  )
}
