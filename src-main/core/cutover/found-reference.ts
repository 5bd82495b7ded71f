/**
 * An image reference as a finder saw it in one file: where it is written (so a rewrite can replace exactly those
 * characters) and what kind of place holds it. Finders read text only; normalising and judging the reference
 * (Docker Hub or not, migrated or not) is the scanner's job.
 */
export interface FoundReference {
  /** Offsets into the file's text (0-based, end exclusive) of the reference as written: what a rewrite replaces. */
  start: number
  end: number
  /** The characters between start and end, unquoted: `text === source.slice(start, end)`. */
  text: string
  /**
   * The kind of place, for people: `dockerfile:FROM`, `dockerfile:COPY --from`, `compose:services.web.image`,
   * `k8s:Deployment/web:containers[0]`, `kustomize:images[0]`, `helm:image`, `github-actions:jobs.build.container`,
   * `gitlab-ci:test.image`, `ecs:containerDefinitions[0].image`, `codebuild:phases.build.commands[0]`,
   * `helm-chart:dependencies[0]`, `terraform:var.api_image`.
   */
  place: string
  /**
   * Built from variables or templates the finder cannot resolve (`${REGISTRY}/api:${TAG}`, `{{ .Values.x }}`,
   * `$BASE`): listed, never rewritten.
   */
  templated?: boolean
  /** `likely` where only the key's name says image (a Helm `repository` under an `image` key); default certain. */
  confidence?: 'certain' | 'likely'
  /**
   * A reference split over several keys, each part with its own span (value characters only, unquoted): Helm
   * `registry`/`repository`/`tag`/`digest`, Kustomize `name`/`newName`/`newTag`/`digest`. `text` then holds the
   * effective reference the parts make (`registry/repository:tag@digest`; for Kustomize the image it pulls:
   * `newName` or `name`, then `newTag`/`digest`), and start/end span the `repository` (Helm) or `name` (Kustomize)
   * value.
   */
  parts?: Record<string, Span>
  /**
   * Where a key the entry lacks would go (Kustomize `newName:`): in a block entry, a line of its own at the start of
   * the line after the entry's last line, in the entry's indentation; in a flow entry (`{name: x}`), `, newName: …`
   * right after its last value (`inline`).
   */
  insertion?: { at: number; indent: string } | { at: number; inline: true }
  /** Facts a rewrite needs about this place, e.g. `globalRegistry` when Helm values set `global.imageRegistry`. */
  notes?: string[]
}

/**
 * The note on a chart pulled from an OCI registry as `<repository>/<name>:<version>` (parts `repository`, `name`,
 * `version`): a rewrite moves the repository and keeps the name and version.
 */
export const CHART_REPOSITORY = 'chart-repository'

/** The note on a Kustomize `images[]` entry naming one of its kustomization's resources (`resource: ../base`). */
export const KUSTOMIZE_RESOURCE = 'resource: '

/** The note on a Kustomize `images[]` entry without `newTag` or `digest`: each manifest it applies to keeps its tag. */
export const TAG_FROM_MANIFESTS = 'tag from the manifests'

export interface Span {
  start: number
  end: number
  text: string
}

/** Finds the image references of one file of a format; `path` is for formats whose file name matters. */
export type ReferenceFinder = (source: string, path: string) => FoundReference[]

/** The part of a span after `prefix` (a scheme: `oci://`, `docker://`); undefined when it does not start with it. */
export function afterPrefix<S extends Span>(span: S, prefix: string): S | undefined {
  if (!span.text.startsWith(prefix)) return undefined
  return { ...span, start: span.start + prefix.length, text: span.text.slice(prefix.length) }
}
