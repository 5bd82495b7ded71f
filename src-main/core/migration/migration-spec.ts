import { z } from 'zod'
import { repositorySettingsSchema } from '../../contract'
import { CrossdockError } from '../lib/errors'

/**
 * What a migration job was asked to do, kept in its `job.json` so a resume does exactly the same. Names of
 * AWS profiles and Docker Hub accounts only: credentials are looked up again on every run.
 */
export const migrationSpecSchema = z.object({
  from: z.object({
    namespace: z.string().min(1),
    repository: z.string().min(1).optional(),
    /** Chosen repositories (`namespace/name`), each with its chosen tags (all when left out). */
    selection: z
      .array(z.object({ repository: z.string().min(1), tags: z.array(z.string().min(1)).optional() }))
      .optional(),
  }),
  to: z.object({
    region: z.string().min(1),
    prefix: z.string(),
    accountId: z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
  }),
  dropNamespace: z.boolean().default(false),
  tags: z
    .object({
      include: z.string().optional(),
      exclude: z.string().optional(),
      pushedWithinDays: z.number().int().positive().optional(),
      latest: z.number().int().positive().optional(),
    })
    .default({}),
  settings: repositorySettingsSchema,
  referrers: z.boolean().default(false),
  /** Run even where a keep-last rule is below the images a new repository gets (ECR will expire some). */
  acceptLifecycleExpiry: z.boolean().default(false),
  /** `os/arch[/variant]`: also push that platform's manifest of multi-platform tags as `TAG-ARCH`. */
  lambdaPlatform: z.string().optional(),
  jobs: z.number().int().positive().optional(),
  awsProfile: z.string().optional(),
  hubAccount: z.string().optional(),
})

export type MigrationSpec = z.infer<typeof migrationSpecSchema>

export function parseMigrationSpec(spec: unknown): MigrationSpec {
  const parsed = migrationSpecSchema.safeParse(spec)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new CrossdockError(
      'UNSUPPORTED',
      `The job's spec is not one this Crossdock understands (${issue?.path.join('.')}: ${issue?.message}).`,
    )
  }
  return parsed.data
}

/** `docker.io/NAMESPACE[/REPO]` and `ecr://[ACCOUNT@]REGION[/PREFIX]`: a job's two ends as the user wrote them. */
export function describeJobEnds(spec: MigrationSpec): { from: string; to: string } {
  const { from, to } = spec
  return {
    from: `docker.io/${[from.namespace, from.repository].filter(Boolean).join('/')}`,
    to: `ecr://${to.accountId ? `${to.accountId}@` : ''}${to.region}${to.prefix ? `/${to.prefix}` : ''}`,
  }
}
