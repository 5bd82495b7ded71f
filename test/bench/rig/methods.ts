// Every method becomes a small bash script, OUT/cmd-<method>.sh, so the exact command is on record and can be
// re-run by hand (RUN_HOME=/some/empty/dir bash OUT/cmd-skopeo-sync-seq.sh).
import { chmod, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export const METHODS = ['raw-blobs', 'raw-full', 'skopeo-sync-seq', 'crossdock'] as const
export type Method = (typeof METHODS)[number]

export interface MethodContext {
  out: string
  project: string
  /** the snapshot of crossdock's build that is measured */
  cli: string
  /** the reference copier's bundle */
  rawcopy: string
  jobs: string
  skopeoFlags: string
  vars: Record<
    'SRC' | 'DST' | 'SRC_USER' | 'SRC_PASSWORD' | 'DST_USER' | 'DST_PASSWORD' | 'CORPUS' | 'REPOS_FILE' | 'TAGS_FILE',
    string
  >
}

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`

function prelude(c: MethodContext): string {
  return [
    '#!/usr/bin/env bash',
    'set -euo pipefail',
    `export ${Object.entries(c.vars)
      .map(([k, v]) => `${k}=${q(v)}`)
      .join(' ')}`,
    // A fresh HOME per run: skopeo keeps a blob-info cache (where it has seen each blob, used for cross-repo
    // mounts) under $XDG_DATA_HOME when it thinks it is rootless, which _CONTAINERS_ROOTLESS_UID makes root's
    // skopeo do too; crossdock finds no docker config there.
    'export HOME="$RUN_HOME" XDG_DATA_HOME="$RUN_HOME/data" XDG_CONFIG_HOME="$RUN_HOME/config" ' +
      'XDG_RUNTIME_DIR="$RUN_HOME/run"',
    'export _CONTAINERS_ROOTLESS_UID=1000',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, for bash, not JavaScript
    'SRC_CREDS_OPT=(${SRC_USER:+--src-creds "$SRC_USER:$SRC_PASSWORD"})',
    '',
  ].join('\n')
}

function body(method: Method, c: MethodContext): string {
  const rawcopy = (phases: string): string => `exec node ${q(c.rawcopy)} ${phases}`
  switch (method) {
    case 'raw-blobs':
      return rawcopy('blobs')
    case 'raw-full':
      return rawcopy('blobs,mounts,manifests')
    case 'skopeo-sync-seq':
      return [
        'while read -r repo; do',
        `  skopeo --policy ${q(join(c.out, 'policy.json'))} sync ${c.skopeoFlags} --all --src docker --dest docker ` +
          `--src-tls-verify=false --dest-tls-verify=false \\`,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash array expansion, not JavaScript
        '    "${SRC_CREDS_OPT[@]}" --dest-creds "$DST_USER:$DST_PASSWORD" "$SRC/$repo" "$DST/$(dirname "$repo")"',
        'done < "$REPOS_FILE"',
      ].join('\n')
    case 'crossdock':
      // $1: where its --json summary goes. NODE_PATH: the bundle loads the project's node_modules.
      return [
        `NODE_PATH=${q(join(c.project, 'node_modules'))} node ${q(c.cli)} sync "$SRC" "$DST" --plain-http ` +
          `"$SRC,$DST" ` +
          `\\`,
        `  --dest-creds "$DST_USER:$DST_PASSWORD" "\${SRC_CREDS_OPT[@]}"${c.jobs ? ` --jobs ${q(c.jobs)}` : ''} ` +
          `--json > "$1"`,
      ].join('\n')
  }
}

/** Writes OUT/cmd-<method>.sh; returns its path. */
export async function writeMethodScript(method: Method, c: MethodContext): Promise<string> {
  const path = join(c.out, `cmd-${method}.sh`)
  await writeFile(path, `${prelude(c)}${body(method, c)}\n`)
  await chmod(path, 0o755)
  return path
}
