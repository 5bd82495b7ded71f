import { useId, type FormEvent } from 'react'
import type { CutoverLiveDto, LiveWorkloadDto } from '../../../../src-main/contract'
import { Gauge } from '../../../components/ui/gauge'
import { TableHead } from '../../../components/ui/table-head'
import { formatCount } from '../../../lib/format'
import { liveGauge, sortWorkloads, type LiveForm, type LiveFormErrors } from '../model/live-workloads'
import { ReferenceStatusBadge } from './reference-status-badge'

export interface LiveWorkloadsFormProps {
  form: LiveForm
  errors: LiveFormErrors
  checking: boolean
  onChange(change: Partial<LiveForm>): void
  onCheck(): void
}

/** Where the running workloads are: ECS (with CodeBuild) in a Region, a Kubernetes context, or both. */
export function LiveWorkloadsForm({ form, errors, checking, onChange, onCheck }: LiveWorkloadsFormProps) {
  const regionErrorId = useId()
  const sourceErrorId = useId()
  const submit = (event: FormEvent): void => {
    event.preventDefault()
    onCheck()
  }
  return (
    <form className="stack" onSubmit={submit} aria-label="Check running workloads" data-testid="cutover-live-form">
      <div className="live-sources">
        <fieldset className="stack-fieldset" aria-describedby={errors.source ? sourceErrorId : undefined}>
          <legend>Amazon ECS and CodeBuild</legend>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={form.ecs}
              onChange={(event) => onChange({ ecs: event.target.checked })}
              data-testid="cutover-live-ecs"
            />
            Read ECS services and CodeBuild projects
          </label>
          <div className="form-row">
            <label>
              Region
              <input
                value={form.region}
                disabled={!form.ecs}
                autoComplete="off"
                spellCheck={false}
                placeholder="eu-west-1"
                onChange={(event) => onChange({ region: event.target.value })}
                aria-invalid={Boolean(errors.region)}
                aria-describedby={errors.region ? regionErrorId : undefined}
                data-testid="cutover-live-region"
              />
            </label>
            <SourceField
              form={form}
              onChange={onChange}
              field="profile"
              source="ecs"
              placeholder="(default credential chain)"
            >
              AWS profile
            </SourceField>
            <SourceField
              form={form}
              onChange={onChange}
              field="clusters"
              source="ecs"
              placeholder="(all; names separated by commas)"
            >
              Clusters
            </SourceField>
          </div>
          {errors.region && (
            <p className="error-text" id={regionErrorId}>
              {errors.region}
            </p>
          )}
        </fieldset>
        <fieldset className="stack-fieldset" aria-describedby={errors.source ? sourceErrorId : undefined}>
          <legend>Kubernetes</legend>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={form.kubernetes}
              onChange={(event) => onChange({ kubernetes: event.target.checked })}
              data-testid="cutover-live-kubernetes"
            />
            Read a cluster through the kubeconfig
          </label>
          <div className="form-row">
            <SourceField
              form={form}
              onChange={onChange}
              field="context"
              source="kubernetes"
              placeholder="(the current one)"
            >
              Context
            </SourceField>
            <SourceField
              form={form}
              onChange={onChange}
              field="namespace"
              source="kubernetes"
              placeholder="(all namespaces)"
            >
              Namespace
            </SourceField>
          </div>
        </fieldset>
      </div>
      {errors.source && (
        <p className="error-text" id={sourceErrorId}>
          {errors.source}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="primary" disabled={checking} data-testid="cutover-live-check">
          {checking ? 'Reading workloads…' : 'Check workloads'}
        </button>
        <span className="hint">Uses the mapping above, and links each image to the scanned files that name it.</span>
      </div>
    </form>
  )
}

/** The cutover's headline: N of M workloads still pull from Docker Hub, zero is done. */
export function LiveGaugeCard({ live }: { live: Pick<CutoverLiveDto, 'stillOnDockerHub' | 'total'> }) {
  const gauge = liveGauge(live)
  return (
    <article
      className="card gauge-card live-gauge"
      aria-label="Workloads still on Docker Hub"
      data-testid="cutover-live-gauge"
    >
      {gauge.total > 0 && (
        <Gauge value={gauge.still} max={gauge.total} valueText={gauge.text} tone={gauge.tone}>
          <strong className="gauge-figure" data-testid="cutover-live-still">
            {formatCount(gauge.still)}
          </strong>
          <span>of {formatCount(gauge.total)} still on Docker Hub</span>
        </Gauge>
      )}
      <p className={gauge.done ? 'live-verdict live-done' : 'live-verdict'} data-testid="cutover-live-headline">
        {gauge.text}
      </p>
    </article>
  )
}

export function LiveWorkloadsTable({ workloads }: { workloads: readonly LiveWorkloadDto[] }) {
  if (workloads.length === 0) return <p className="empty">No workloads found there.</p>
  return (
    <table className="data-table fixed-table" data-testid="cutover-live-table">
      <caption className="visually-hidden-text">Running workloads and their images</caption>
      <colgroup>
        <col className="col-workload" />
        <col className="col-container" />
        <col className="col-reference" />
        <col className="col-status" />
        <col className="col-reference" />
        <col className="col-secret" />
        <col />
      </colgroup>
      <TableHead
        columns={['Workload', 'Container', 'Image', 'Status', 'Moves to', 'Docker Hub pull secret', 'Defined in']}
      />
      <tbody>
        {sortWorkloads(workloads).map((workload) => (
          <tr
            key={`${workload.workload}\u0000${workload.container}\u0000${workload.image}`}
            data-testid="cutover-live-row"
            data-workload={workload.workload}
            data-status={workload.status}
          >
            <th scope="row">
              <code className="reference-text">{workload.workload}</code>
            </th>
            <td>{workload.container}</td>
            <td>
              <code className="reference-text">{workload.image}</code>
            </td>
            <td>
              <ReferenceStatusBadge status={workload.status} />
            </td>
            <td>
              {workload.target ? (
                <code className="reference-text">{workload.target}</code>
              ) : (
                <span className="muted">—</span>
              )}
              {workload.fix && (
                <span className="reference-place">
                  <code>{workload.fix}</code>
                </span>
              )}
            </td>
            <td data-testid="cutover-live-secret">{workload.pullsWithDockerHubSecret ? 'Yes' : 'No'}</td>
            <td>
              {workload.definedIn && workload.definedIn.length > 0 ? (
                <ul className="plain-list">
                  {workload.definedIn.map((place) => (
                    <li key={`${place.file}:${place.line}`}>
                      <code className="reference-text">
                        {place.file}:{place.line}
                      </code>
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="muted">—</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

type TextKey = 'profile' | 'clusters' | 'context' | 'namespace'

/** One text setting of a workload source, usable only while that source is chosen. */
function SourceField({
  form,
  onChange,
  field,
  source,
  placeholder,
  children,
}: Pick<LiveWorkloadsFormProps, 'form' | 'onChange'> & {
  field: TextKey
  source: 'ecs' | 'kubernetes'
  placeholder: string
  children: string
}) {
  return (
    <label>
      {children}
      <input
        value={form[field]}
        disabled={!form[source]}
        autoComplete="off"
        spellCheck={false}
        placeholder={placeholder}
        onChange={(event) => onChange({ [field]: event.target.value })}
        data-testid={`cutover-live-${field}`}
      />
    </label>
  )
}
