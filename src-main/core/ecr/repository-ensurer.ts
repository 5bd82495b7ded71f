import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  PutLifecyclePolicyCommand,
  RepositoryAlreadyExistsException,
  RepositoryNotFoundException,
  type ECRClient,
  type Repository,
} from '@aws-sdk/client-ecr'
import type { RepositorySettings } from '../../contract'
import { CrossdockError } from '../lib/errors'
import { memo } from '../lib/memo'
import { lifecyclePolicy } from './lifecycle-policy'

export type EnsureOutcome =
  | { kind: 'created'; repository: string }
  /** It was there already; settings that differ from the chosen ones are listed, not changed. */
  | { kind: 'existing'; repository: string; differences: string[] }

/** What to tell the user about a repository that was there already with other settings, if anything. */
export function settingsDifferenceWarning(outcome: EnsureOutcome): string | undefined {
  if (outcome.kind !== 'existing' || outcome.differences.length === 0) return undefined
  return `ECR repository ${outcome.repository} already exists and was left as it is: ${outcome.differences.join('; ')}.`
}

/**
 * Makes sure each destination repository exists before anything is pushed to it, created with the chosen
 * settings (the lifecycle policy comes after the copy, see `applyLifecyclePolicy`). An existing repository is left as
 * it is: changing a team's settings behind its back is not a
 * migration's business, so differences are reported instead. Each repository is checked once per run.
 */
export class EcrRepositoryEnsurer {
  private readonly outcomes = new Map<string, Promise<EnsureOutcome>>()
  private readonly createdRepositories: string[] = []

  constructor(
    private readonly client: ECRClient,
    private readonly settings: RepositorySettings,
  ) {}

  ensure(repository: string): Promise<EnsureOutcome> {
    return memo(this.outcomes, repository, () => this.ensureOnce(repository))
  }

  private async ensureOnce(repository: string): Promise<EnsureOutcome> {
    const existing = await this.describe(repository)
    if (existing) return { kind: 'existing', repository, differences: this.differences(existing) }
    try {
      await this.client.send(new CreateRepositoryCommand(this.createInput(repository)))
    } catch (error) {
      // Someone (another run, a create-on-push template) made it meanwhile: the same as finding it.
      if (!(error instanceof RepositoryAlreadyExistsException)) throw error
      const made = await this.describe(repository)
      return { kind: 'existing', repository, differences: made ? this.differences(made) : [] }
    }
    this.createdRepositories.push(repository)
    return { kind: 'created', repository }
  }

  /** The repositories this ensurer created, in order. */
  get created(): readonly string[] {
    return this.createdRepositories
  }

  /**
   * Sets the chosen lifecycle policy on repositories the migration created. Called only once their images are
   * all there: a keep-last rule in place during the copy would expire the migration's own images.
   */
  async applyLifecyclePolicy(repositories: Iterable<string>): Promise<void> {
    const policy = this.settings.lifecycle && lifecyclePolicy(this.settings.lifecycle)
    if (!policy) return
    for (const repository of repositories) {
      try {
        await this.client.send(
          new PutLifecyclePolicyCommand({ repositoryName: repository, lifecyclePolicyText: policy }),
        )
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        throw new CrossdockError(
          'REGISTRY_ERROR',
          `The images are in ECR repository ${repository}, but its lifecycle policy could not be set: ${reason}`,
          { cause: error },
        )
      }
    }
  }

  private async describe(repository: string): Promise<Repository | undefined> {
    try {
      const answer = await this.client.send(new DescribeRepositoriesCommand({ repositoryNames: [repository] }))
      return answer.repositories?.[0]
    } catch (error) {
      if (error instanceof RepositoryNotFoundException) return undefined
      throw error
    }
  }

  private mutability(): NonNullable<Repository['imageTagMutability']> {
    const base = this.settings.immutableTags ? 'IMMUTABLE' : 'MUTABLE'
    return this.settings.mutabilityExceptions?.length ? `${base}_WITH_EXCLUSION` : base
  }

  private createInput(repository: string) {
    const { settings } = this
    return {
      repositoryName: repository,
      imageTagMutability: this.mutability(),
      imageTagMutabilityExclusionFilters: settings.mutabilityExceptions?.map((filter) => ({
        filterType: 'WILDCARD' as const,
        filter,
      })),
      imageScanningConfiguration: { scanOnPush: settings.scanOnPush },
      encryptionConfiguration:
        settings.encryption.type === 'KMS'
          ? { encryptionType: 'KMS' as const, kmsKey: settings.encryption.kmsKey }
          : { encryptionType: 'AES256' as const },
      tags: settings.tags && Object.entries(settings.tags).map(([Key, Value]) => ({ Key, Value })),
    }
  }

  private differences(repository: Repository): string[] {
    const wanted = this.createInput(repository.repositoryName ?? '')
    const found: string[] = []
    if (repository.imageTagMutability !== wanted.imageTagMutability)
      found.push(`tag mutability is ${repository.imageTagMutability}, not ${wanted.imageTagMutability}`)
    if ((repository.imageScanningConfiguration?.scanOnPush ?? false) !== this.settings.scanOnPush) {
      found.push(
        `scan on push is ${repository.imageScanningConfiguration?.scanOnPush ? 'on' : 'off'}, not ` +
          `${this.settings.scanOnPush ? 'on' : 'off'}`,
      )
    }
    const encryption = repository.encryptionConfiguration?.encryptionType ?? 'AES256'
    if (!encryption.startsWith(this.settings.encryption.type))
      found.push(`encryption is ${encryption}, not ${this.settings.encryption.type}`)
    return found
  }
}
