import { describe, expect, it } from 'vitest'
import { findReferences } from '../../../../src-main/core/cutover/file-finders'

const places = (path: string, text: string) => findReferences(path, text).map(({ text, place }) => ({ text, place }))

describe('findReferences', () => {
  it('reads a file by its name first: a values file is Helm values, whatever it holds', () => {
    const values = 'services:\n  api:\n    image: acme/api:1\n'
    expect(places('charts/api/values.yaml', values)).toEqual([{ text: 'acme/api:1', place: 'helm:services.api.image' }])
  })

  it('reads YAML and JSON whose name says nothing by content: Compose, Kubernetes, ECS', () => {
    const included = 'services:\n  db:\n    image: postgres:16\n'
    expect(places('infra/db.yml', included)).toEqual([{ text: 'postgres:16', place: 'compose:services.db.image' }])
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: redis:7}]\n'
    expect(places('deploy/p.yaml', pod)).toEqual([{ text: 'redis:7', place: 'k8s:Pod/p:containers[0]' }])
    const task = '{"family": "api", "containerDefinitions": [{"name": "api", "image": "acme/api:2"}]}'
    expect(places('ecs/api.json', task)).toEqual([{ text: 'acme/api:2', place: 'ecs:containerDefinitions[0].image' }])
  })

  it('reads nothing of other files, nor of YAML that is none of the formats', () => {
    expect(places('README.md', 'FROM nginx\nimage: nginx:1\n')).toEqual([])
    expect(places('Makefile', 'run:\n\tdocker run nginx:1\n')).toEqual([])
    expect(places('config.yaml', 'services: [api, web]\nimage: nginx:1\n')).toEqual([])
  })
})
