import { Banner } from '../components/ui/banner'
import { ErrorMessage } from '../components/ui/error-message'
import { useAppInfo } from '../features/accounts/api/use-app-info'
import { useAppStores } from './app-stores'
import { hrefFor, useRoute, type View } from './router'
import { AccountsRoute } from './routes/accounts-route'
import { CompareRoute } from './routes/compare-route'
import { CostsRoute } from './routes/costs-route'
import { CutoverRoute } from './routes/cutover-route'
import { LimitsRoute } from './routes/limits-route'
import { MigrateRoute } from './routes/migrate-route'
import { ReportRoute } from './routes/report-route'
import { useAppliedTheme, type ThemeChoice } from './theme'

const NAV: ReadonlyArray<{ view: View; label: string }> = [
  { view: 'accounts', label: 'Accounts' },
  { view: 'compare', label: 'Compare' },
  { view: 'migrate', label: 'Migrate' },
  { view: 'report', label: 'Report' },
  { view: 'cutover', label: 'Cutover' },
  { view: 'costs', label: 'Costs' },
  { view: 'limits', label: 'Limits' },
]

export const DEMO_BANNER_TEXT = 'Local sandbox: emulated Docker Hub and Amazon ECR, not your real accounts'

function CurrentView({ view, param }: { view: View; param?: string }) {
  switch (view) {
    case 'accounts':
      return <AccountsRoute />
    case 'compare':
      return <CompareRoute />
    case 'migrate':
      return <MigrateRoute />
    case 'report':
      return <ReportRoute jobId={param} />
    case 'cutover':
      return <CutoverRoute />
    case 'costs':
      return <CostsRoute />
    case 'limits':
      return <LimitsRoute />
  }
}

export function AppShell() {
  const route = useRoute()
  const info = useAppInfo()
  const { theme } = useAppStores()
  const themeChoice = useAppliedTheme(theme)
  return (
    <div className="app">
      <aside className="sidebar">
        <p className="brand">Crossdock</p>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.view}>
                <a
                  href={hrefFor(item.view)}
                  aria-current={route.view === item.view ? 'page' : undefined}
                  data-testid={`nav-${item.view}`}
                >
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <label className="theme-picker">
          Theme
          <select
            value={themeChoice}
            onChange={(event) => theme.set(event.target.value as ThemeChoice)}
            data-testid="theme-select"
          >
            <option value="system">Like the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
        {info.data && (
          <p className="version muted">
            v{info.data.version} · {info.data.transport === 'ipc' ? 'desktop' : 'browser'}
          </p>
        )}
      </aside>
      <div className="content">
        {info.data?.demo && <Banner testId="demo-banner">{DEMO_BANNER_TEXT}</Banner>}
        <ErrorMessage error={info.error} testId="backend-error" />
        <main className="main" id="main">
          <CurrentView view={route.view} param={route.param} />
        </main>
      </div>
    </div>
  )
}
