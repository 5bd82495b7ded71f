import { describe, expect, it } from 'vitest'
import {
  DEFAULT_LIVE_FORM,
  liveGauge,
  readLiveForm,
  sortWorkloads,
  type LiveForm,
} from '../../../../../../src-renderer/features/cutover/model/live-workloads'
import { cutoverLive } from '../../../support/fixtures'

const MAPPING = { jobs: [], map: ['docker.io/acme=1.dkr.ecr.eu-west-1.amazonaws.com/acme'], offline: false }
const form = (change: Partial<LiveForm>): LiveForm => ({ ...DEFAULT_LIVE_FORM, ...change })

describe('live workloads: the form', () => {
  it('reads ECS in a Region with a profile and clusters, Kubernetes in a context and namespace, with the mapping', () => {
    const read = readLiveForm(
      form({
        ecs: true,
        region: ' eu-west-1 ',
        profile: 'prod',
        clusters: 'shop, ops  batch',
        kubernetes: true,
        context: 'staging',
        namespace: 'shop',
      }),
      MAPPING,
      ['/work/shop'],
    )
    expect(read).toEqual({
      ok: true,
      args: {
        ...MAPPING,
        paths: ['/work/shop'],
        ecs: { region: 'eu-west-1', profile: 'prod', clusters: ['shop', 'ops', 'batch'] },
        kubernetes: { context: 'staging', namespace: 'shop' },
      },
    })
  })

  it('leaves out what is not chosen or left empty: the current context, every namespace, every cluster', () => {
    const read = readLiveForm(form({ kubernetes: true, region: 'not read' }), MAPPING, [])
    expect(read).toEqual({ ok: true, args: { ...MAPPING, paths: [], kubernetes: {} } })
    const ecs = readLiveForm(form({ ecs: true, region: 'us-east-1' }), MAPPING, [])
    expect(ecs.ok && ecs.args.ecs).toEqual({ region: 'us-east-1', clusters: [] })
  })

  it('asks for a source, and for a Region for ECS', () => {
    expect(readLiveForm(form({}), MAPPING, [])).toEqual({
      ok: false,
      errors: { source: 'Choose ECS, Kubernetes or both.' },
    })
    expect(readLiveForm(form({ ecs: true, region: 'Ireland' }), MAPPING, [])).toEqual({
      ok: false,
      errors: { region: 'An AWS Region such as eu-west-1.' },
    })
  })
})

describe('live workloads: the gauge', () => {
  it('says how many of the workloads still pull from Docker Hub', () => {
    expect(liveGauge({ stillOnDockerHub: 2, total: 3 })).toEqual({
      still: 2,
      total: 3,
      done: false,
      tone: 'bad',
      text: '2 of 3 workloads still pull from Docker Hub',
    })
    expect(liveGauge({ stillOnDockerHub: 1, total: 4 })).toMatchObject({
      tone: 'warn',
      text: '1 of 4 workloads still pulls from Docker Hub',
    })
  })

  it('calls zero done, and says so when there is nothing at all', () => {
    expect(liveGauge({ stillOnDockerHub: 0, total: 5 })).toEqual({
      still: 0,
      total: 5,
      done: true,
      tone: 'ok',
      text: 'Done: none of the 5 workloads pulls from Docker Hub',
    })
    expect(liveGauge({ stillOnDockerHub: 0, total: 0 }).text).toBe('No workloads found')
  })

  it('lists the workloads still on Docker Hub first, each workload’s containers together', () => {
    expect(sortWorkloads(cutoverLive().workloads).map((w) => `${w.workload} ${w.container}`)).toEqual([
      'k8s:CronJob/ops/nightly report',
      'k8s:Deployment/shop/web migrate',
      'k8s:Deployment/shop/web web',
      'ecs:prod/billing billing',
    ])
  })
})
