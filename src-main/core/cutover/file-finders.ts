import { findBuildspecReferences, isBuildspecPath } from './buildspec-references'
import { findComposeReferences, isComposePath } from './compose-references'
import { findCopilotReferences, isCopilotManifestPath } from './copilot-references'
import { findDockerfileReferences, isDockerfilePath } from './dockerfile-references'
import { findEcsReferences, isEcsDefinitionPath } from './ecs-references'
import type { FoundReference, ReferenceFinder } from './found-reference'
import { findGitHubActionsReferences, isGitHubActionsPath } from './github-actions-references'
import { findGitLabCiReferences, isGitLabCiPath } from './gitlab-ci-references'
import { findHelmChartReferences, isHelmChartPath } from './helm-chart-references'
import { findHelmValuesReferences, isHelmValuesPath } from './helm-values-references'
import { findKubernetesReferences } from './kubernetes-references'
import { findKustomizeReferences, isKustomizationPath } from './kustomize-references'
import { findTerraformReferences, isTerraformPath } from './terraform-references'

/** Formats a file's name tells: the first that claims a file reads it, alone. */
const BY_NAME: { matches: (path: string) => boolean; find: ReferenceFinder }[] = [
  { matches: isDockerfilePath, find: findDockerfileReferences },
  { matches: isComposePath, find: findComposeReferences },
  { matches: isKustomizationPath, find: findKustomizeReferences },
  { matches: isHelmValuesPath, find: findHelmValuesReferences },
  { matches: isHelmChartPath, find: findHelmChartReferences },
  { matches: isGitHubActionsPath, find: findGitHubActionsReferences },
  { matches: isGitLabCiPath, find: findGitLabCiReferences },
  { matches: isBuildspecPath, find: findBuildspecReferences },
  { matches: isTerraformPath, find: findTerraformReferences },
  { matches: isCopilotManifestPath, find: findCopilotReferences },
]

/**
 * YAML and JSON whose name says nothing (`deploy.yaml`, `task-def.json`, `template.yaml`, a Compose file another
 * one `include:`s): their content decides, Kubernetes objects by `apiVersion` and `kind`, ECS task definitions and
 * CloudFormation by their top level, Compose by a top-level `services` mapping.
 */
const BY_CONTENT: ReferenceFinder[] = [findKubernetesReferences, findEcsReferences, findComposeReferences]

/** The image references of one file, by whichever finder its kind calls for (none: not a file we read). */
export function findReferences(path: string, text: string): FoundReference[] {
  const named = BY_NAME.find((finder) => finder.matches(path))
  if (named) return named.find(text, path)
  if (!isEcsDefinitionPath(path)) return []
  const found = BY_CONTENT.flatMap((find) => find(text, path)).sort((a, b) => a.start - b.start)
  return found.filter((reference, i) => i === 0 || reference.start !== found[i - 1]!.start)
}
