// Does DST hold exactly the corpus? Every tag's manifest bytes, digest and media type; every child manifest and
// blob (with its size) in every repo; no extra repos or tags; and SRC still serves the corpus's digests.
import { sha256, type Registry } from './http'
import { pool } from './pool'
import type { Corpus } from './corpus'

export interface Verdict {
  ok: boolean
  checked: { tags: number; manifests: number; blobs: number }
  problems: number
  first_problems: string[]
}

export async function verify(c: Corpus, dst: Registry, src?: Registry, deep = true): Promise<Verdict> {
  const problems: string[] = []
  const checked = { tags: 0, manifests: 0, blobs: 0 }
  const JOBS = 8
  const tags = Object.entries(c.repos).flatMap(([repo, r]) =>
    Object.entries(r.tags).map(([tag, want]) => [repo, tag, want] as const),
  )
  await pool(JOBS, tags, 'tag', async ([repo, tag, want]) => {
    checked.tags++
    const reply = await dst.manifest(repo, tag)
    if (reply.status !== 200) return void problems.push(`tag ${repo}:${tag}: DST HTTP ${reply.status}`)
    const got = sha256(reply.body)
    if (got !== want) return void problems.push(`tag ${repo}:${tag}: DST body digest ${got} != ${want}`)
    const header = reply.headers['docker-content-digest']
    if (header && header !== want)
      problems.push(`tag ${repo}:${tag}: DST Docker-Content-Digest ${String(header)} != ${want}`)
    const type = String(reply.headers['content-type']).split(';')[0]
    if (type !== c.manifests[want]!.mediaType)
      problems.push(`tag ${repo}:${tag}: DST Content-Type ${type} != ${c.manifests[want]!.mediaType}`)
    if (src) {
      const s = await src.manifest(repo, tag, 'HEAD')
      const sd = s.status === 200 ? s.headers['docker-content-digest'] : `HTTP ${s.status}`
      if (sd !== want) problems.push(`tag ${repo}:${tag}: SRC digest ${String(sd)} != corpus ${want}`)
    }
  })
  if (deep) {
    const pairs = (key: 'manifests' | 'blobs'): (readonly [string, string])[] =>
      Object.entries(c.repos).flatMap(([repo, r]) => r[key].map((d) => [repo, d] as const))
    await pool(JOBS, pairs('manifests'), 'manifest', async ([repo, d]) => {
      checked.manifests++
      const reply = await dst.manifest(repo, d, 'HEAD')
      if (reply.status !== 200) problems.push(`manifest ${repo}@${d}: DST HTTP ${reply.status}`)
    })
    await pool(JOBS, pairs('blobs'), 'blob', async ([repo, d]) => {
      checked.blobs++
      const reply = await dst.send('HEAD', `/v2/${repo}/blobs/${d}`)
      if (reply.status !== 200) return void problems.push(`blob ${repo}@${d}: missing in DST (HTTP ${reply.status})`)
      const length = Number(reply.headers['content-length'])
      if (length !== c.blobs[d]!.size) problems.push(`blob ${repo}@${d}: DST size ${length} != ${c.blobs[d]!.size}`)
    })
  }
  const have = await dst.list('/v2/_catalog?n=1000', 'repositories')
  const extraRepos = have.filter((r) => !c.repos[r])
  if (extraRepos.length) problems.push(`${extraRepos.length} extra repos in DST, e.g. ${extraRepos[0]}`)
  for (const repo of have.filter((r) => c.repos[r])) {
    const extra = (await dst.list(`/v2/${repo}/tags/list?n=10000`, 'tags')).filter((t) => !(t in c.repos[repo]!.tags))
    if (extra.length) problems.push(`${extra.length} extra tags in DST ${repo}, e.g. ${extra[0]}`)
  }
  return { ok: problems.length === 0, checked, problems: problems.length, first_problems: problems.sort().slice(0, 15) }
}
