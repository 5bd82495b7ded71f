export interface SnippetInput {
  registry: string
  accountId: string
  region: string
  repositories: readonly string[]
  /** A migrated image reference to show in the examples. */
  example: string
  /** A migrated image Lambda can run as it is (single-platform), if any. */
  lambdaExample?: string
}

export interface ConsumerSnippets {
  /** ECS task definition: the container's `image`. */
  ecs: string
  /** Kubernetes / EKS pod spec: the container's `image:`. */
  eks: string
  /** Lambda `ImageUri` (CloudFormation), only when a migrated image is Lambda-compatible. */
  lambda?: string
  /** CodeBuild `buildspec.yml`: sign in to ECR, then pull. */
  codebuild: string
  /** What the pulling role (ECS task execution role, EKS node role, CodeBuild service role) needs. */
  iamActions: string[]
  iamPolicy: string
}

// With ecr:GetAuthorizationToken: the ECR part of AmazonEC2ContainerRegistryPullOnly and
// AmazonECSTaskExecutionRolePolicy.
const PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage']

/** Ready-to-paste configuration for the services that will pull the migrated images. */
export function consumerSnippets(input: SnippetInput): ConsumerSnippets {
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'EcrSignIn', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
      {
        Sid: 'PullMigratedImages',
        Effect: 'Allow',
        Action: PULL_ACTIONS,
        Resource: input.repositories.map((name) => `arn:aws:ecr:${input.region}:${input.accountId}:repository/${name}`),
      },
    ],
  }
  return {
    ecs: JSON.stringify({ containerDefinitions: [{ name: 'app', image: input.example, essential: true }] }, null, 2),
    eks: ['containers:', '  - name: app', `    image: ${input.example}`].join('\n'),
    ...(input.lambdaExample
      ? {
          lambda: [
            'Type: AWS::Lambda::Function',
            'Properties:',
            '  PackageType: Image',
            '  Code:',
            `    ImageUri: ${input.lambdaExample}`,
          ].join('\n'),
        }
      : {}),
    codebuild: [
      'version: 0.2',
      'phases:',
      '  pre_build:',
      '    commands:',
      `      - aws ecr get-login-password --region ${input.region} | docker login --username AWS --password-stdin ` +
        `${input.registry}`,
      '  build:',
      '    commands:',
      `      - docker pull ${input.example}`,
    ].join('\n'),
    iamActions: ['ecr:GetAuthorizationToken', ...PULL_ACTIONS],
    iamPolicy: JSON.stringify(policy, null, 2),
  }
}
