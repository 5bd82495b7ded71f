import {
  CreatePullThroughCacheRuleCommand,
  CreateRepositoryCommand,
  DescribeRegistryCommand,
  DescribeRepositoriesCommand,
  DescribeRepositoryCreationTemplatesCommand,
  GetAuthorizationTokenCommand,
  GetLifecyclePolicyCommand,
  PutLifecyclePolicyCommand,
  PutReplicationConfigurationCommand,
  ECRClient,
  paginateDescribeRepositories,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-ecr'
import type { FinalizeHandler, FinalizeHandlerArguments } from '@smithy/types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEcrEmulator, TARGET_PREFIX, type EcrEmulator } from '../../../support/ecr'
import { call, client, failure, header, KEY } from './http'

// The ECR API side, checked with the real @aws-sdk/client-ecr against the ECR API reference (API_<Operation>.html),
// AWS CommonErrors, the SigV4 documentation and facts §5–6 of registries-and-pricing.md.

let ecr: EcrEmulator
let sdk: ECRClient
const extra: EcrEmulator[] = []

beforeAll(async () => {
  ecr = await startEcrEmulator({
    credentials: { [KEY.accessKeyId]: KEY.secretAccessKey, ASIATEMPORARY: 'temporary-secret' },
    sessionTokens: { ASIATEMPORARY: 'session-token-1' },
    region: 'eu-west-1',
    accountId: '111122223333',
    templates: [
      { prefix: 'team-a', appliedFor: ['CREATE_ON_PUSH'], imageTagMutability: 'IMMUTABLE', description: 'team A' },
    ],
  })
  sdk = client(ecr)
})

afterAll(async () => {
  await Promise.all(extra.map((e) => e.stop()))
  await ecr?.stop()
})

describe('SigV4', () => {
  it('accepts a request signed with a configured key and answers with x-amzn-RequestId', async () => {
    const out = await sdk.send(new DescribeRepositoriesCommand({}))
    expect(out.$metadata.httpStatusCode).toBe(200)
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/)
    const last = ecr.logs.api.at(-1)!
    expect(last).toMatchObject({ operation: 'DescribeRepositories', accessKeyId: KEY.accessKeyId, status: 200 })
  })

  it('refuses an unknown access key with UnrecognizedClientException (403)', async () => {
    const e = await failure(
      client(ecr, { credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' } }).send(
        new DescribeRepositoriesCommand({}),
      ),
    )
    expect(e.name).toBe('UnrecognizedClientException')
    expect(e.$metadata.httpStatusCode).toBe(403)
    expect(e.message).toBe('The security token included in the request is invalid.')
  })

  it('refuses a wrong secret with InvalidSignatureException (403)', async () => {
    const e = await failure(
      client(ecr, { credentials: { ...KEY, secretAccessKey: 'wrong' } }).send(new DescribeRepositoriesCommand({})),
    )
    expect(e.name).toBe('InvalidSignatureException')
    expect(e.$metadata.httpStatusCode).toBe(403)
    expect(e.message).toContain('does not match the signature you provided')
  })

  it('refuses a body changed after signing', async () => {
    const tampering = client(ecr)
    tampering.middlewareStack.addRelativeTo(
      (next: FinalizeHandler<ServiceInputTypes, ServiceOutputTypes>) =>
        async (args: FinalizeHandlerArguments<ServiceInputTypes>) => {
          const request = args.request as { body: string; headers: Record<string, string> }
          request.body = JSON.stringify({ repositoryName: 'tampered' })
          request.headers['content-length'] = String(Buffer.byteLength(request.body))
          return next(args)
        },
      { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'tamper' },
    )
    const e = await failure(tampering.send(new CreateRepositoryCommand({ repositoryName: 'original' })))
    expect(e.name).toBe('InvalidSignatureException')
    expect(ecr.repository('tampered')).toBeUndefined()
    expect(ecr.repository('original')).toBeUndefined()
  })

  it('refuses an X-Amz-Date more than 5 minutes off with "Signature expired"', async () => {
    const e = await failure(client(ecr, { systemClockOffset: -6 * 60_000 }).send(new DescribeRepositoriesCommand({})))
    expect(e.name).toBe('InvalidSignatureException')
    expect(e.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than/)
    const ahead = await failure(
      client(ecr, { systemClockOffset: 6 * 60_000 }).send(new DescribeRepositoriesCommand({})),
    )
    expect(ahead.name).toBe('InvalidSignatureException')
    // Within the window it still works.
    await client(ecr, { systemClockOffset: -60_000 }).send(new DescribeRepositoriesCommand({}))
  })

  it('checks session tokens of temporary credentials', async () => {
    const temporary = { accessKeyId: 'ASIATEMPORARY', secretAccessKey: 'temporary-secret' }
    await client(ecr, { credentials: { ...temporary, sessionToken: 'session-token-1' } }).send(
      new DescribeRepositoriesCommand({}),
    )
    const wrong = await failure(
      client(ecr, { credentials: { ...temporary, sessionToken: 'other' } }).send(new DescribeRepositoriesCommand({})),
    )
    expect(wrong.name).toBe('UnrecognizedClientException')
    const missing = await failure(client(ecr, { credentials: temporary }).send(new DescribeRepositoriesCommand({})))
    expect(missing.name).toBe('UnrecognizedClientException')
  })

  it('answers an unsigned request with AWS JSON error shape', async () => {
    const answer = await call('POST', `${ecr.controlUrl}/`, {
      headers: { 'x-amz-target': `${TARGET_PREFIX}DescribeRepositories`, 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    })
    expect(answer.status).toBe(403)
    expect(header(answer, 'content-type')).toBe('application/x-amz-json-1.1')
    expect(header(answer, 'x-amzn-requestid')).toBeTruthy()
    expect(JSON.parse(answer.text)).toEqual({
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    })
  })
})

describe('GetAuthorizationToken', () => {
  it('returns base64 AWS:<password>, a 12-hour expiresAt and the registry as proxyEndpoint', async () => {
    const before = Date.now()
    const out = await sdk.send(new GetAuthorizationTokenCommand({}))
    const data = out.authorizationData![0]!
    const decoded = Buffer.from(data.authorizationToken!, 'base64').toString('utf8')
    expect(decoded).toMatch(/^AWS:.{20,}$/)
    expect(data.proxyEndpoint).toBe(ecr.registryUrl)
    const lifetime = data.expiresAt!.getTime() - before
    expect(lifetime).toBeGreaterThan(12 * 3600_000 - 5_000)
    expect(lifetime).toBeLessThan(12 * 3600_000 + 5_000)
    const again = await sdk.send(new GetAuthorizationTokenCommand({}))
    expect(again.authorizationData![0]!.authorizationToken).not.toBe(data.authorizationToken)
  })
})

describe('CreateRepository', () => {
  it('creates with every setting and answers the documented repository shape', async () => {
    const out = await sdk.send(
      new CreateRepositoryCommand({
        repositoryName: 'library/settings',
        imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
        imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'latest*' }],
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: { encryptionType: 'KMS', kmsKey: 'arn:aws:kms:eu-west-1:111122223333:key/abc' },
        tags: [{ Key: 'team', Value: 'a' }],
      }),
    )
    expect(out.repository).toMatchObject({
      repositoryArn: 'arn:aws:ecr:eu-west-1:111122223333:repository/library/settings',
      registryId: '111122223333',
      repositoryName: 'library/settings',
      repositoryUri: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/library/settings',
      imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'latest*' }],
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: { encryptionType: 'KMS', kmsKey: 'arn:aws:kms:eu-west-1:111122223333:key/abc' },
    })
    expect(out.repository!.createdAt).toBeInstanceOf(Date)
    expect(ecr.repository('library/settings')!.tags).toEqual([{ Key: 'team', Value: 'a' }])
    expect(ecr.registryHostname).toBe('111122223333.dkr.ecr.eu-west-1.amazonaws.com')
  })

  it('defaults to MUTABLE, no scan on push, AES256; KMS without a key uses aws/ecr', async () => {
    const plain = await sdk.send(new CreateRepositoryCommand({ repositoryName: 'defaults' }))
    expect(plain.repository).toMatchObject({
      imageTagMutability: 'MUTABLE',
      imageScanningConfiguration: { scanOnPush: false },
      encryptionConfiguration: { encryptionType: 'AES256' },
    })
    const kms = await sdk.send(
      new CreateRepositoryCommand({
        repositoryName: 'kms-default',
        encryptionConfiguration: { encryptionType: 'KMS' },
      }),
    )
    expect(kms.repository!.encryptionConfiguration!.kmsKey).toBe('arn:aws:kms:eu-west-1:111122223333:alias/aws/ecr')
  })

  it('refuses an existing name with RepositoryAlreadyExistsException', async () => {
    await sdk.send(new CreateRepositoryCommand({ repositoryName: 'twice' }))
    const e = await failure(sdk.send(new CreateRepositoryCommand({ repositoryName: 'twice' })))
    expect(e.name).toBe('RepositoryAlreadyExistsException')
    expect(e.$metadata.httpStatusCode).toBe(400)
    expect(e.message).toBe("The repository with name 'twice' already exists in the registry with id '111122223333'")
  })

  it.each(['a', 'Upper', 'ns//app', 'app-', '-app', 'ns/', '/ns', 'a b', 'x'.repeat(257), 'ns/app:tag'])(
    'refuses the name %j',
    async (name) => {
      const e = await failure(sdk.send(new CreateRepositoryCommand({ repositoryName: name })))
      expect(e.name).toBe('InvalidParameterException')
    },
  )

  it.each(['ab', 'ns/app', 'a.b_c-d/e1/f', 'a__b', 'a--b', 'x'.repeat(256), '1app'])(
    'accepts the name %j',
    async (name) => {
      const out = await sdk.send(new CreateRepositoryCommand({ repositoryName: name }))
      expect(out.repository!.repositoryName).toBe(name)
    },
  )

  it('checks mutability and exclusion filters', async () => {
    const cases = [
      {
        imageTagMutability: 'MUTABLE' as const,
        imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD' as const, filter: 'x' }],
      },
      { imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION' as const },
      {
        imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION' as const,
        imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD' as const, filter: 'bad/filter' }],
      },
      { imageTagMutability: 'SOMETIMES' as never },
    ]
    for (const [i, settings] of cases.entries()) {
      const e = await failure(sdk.send(new CreateRepositoryCommand({ repositoryName: `mutability-${i}`, ...settings })))
      expect(e.name, JSON.stringify(settings)).toBe('InvalidParameterException')
    }
  })
})

describe('DescribeRepositories', () => {
  it('filters by name and refuses a missing one with RepositoryNotFoundException', async () => {
    await sdk.send(new CreateRepositoryCommand({ repositoryName: 'describe/one' }))
    const out = await sdk.send(new DescribeRepositoriesCommand({ repositoryNames: ['describe/one'] }))
    expect(out.repositories!.map((r) => r.repositoryName)).toEqual(['describe/one'])
    const e = await failure(
      sdk.send(new DescribeRepositoriesCommand({ repositoryNames: ['describe/one', 'describe/missing'] })),
    )
    expect(e.name).toBe('RepositoryNotFoundException')
    expect(e.message).toBe(
      "The repository with name 'describe/missing' does not exist in the registry with id '111122223333'",
    )
  })

  it('pages with maxResults and nextToken', async () => {
    const paging = await startEcrEmulator({
      registry: ecr.registry,
      repositories: ['p/a', 'p/b', 'p/c', 'p/d', 'p/e'].map((repositoryName) => ({ repositoryName })),
    })
    extra.push(paging)
    const pagingSdk = client(paging)
    const first = await pagingSdk.send(new DescribeRepositoriesCommand({ maxResults: 2 }))
    expect(first.repositories).toHaveLength(2)
    expect(first.nextToken).toBeTruthy()
    const names: string[] = []
    for await (const page of paginateDescribeRepositories({ client: pagingSdk }, { maxResults: 2 })) {
      names.push(...page.repositories!.map((r) => r.repositoryName!))
    }
    expect(names.sort()).toEqual(['p/a', 'p/b', 'p/c', 'p/d', 'p/e'])
    const calls = paging.logs.api.filter((e) => e.operation === 'DescribeRepositories')
    expect(calls).toHaveLength(1 + 3)
    for (const maxResults of [0, 1001]) {
      expect((await failure(pagingSdk.send(new DescribeRepositoriesCommand({ maxResults })))).name).toBe(
        'InvalidParameterException',
      )
    }
    expect((await failure(pagingSdk.send(new DescribeRepositoriesCommand({ nextToken: 'garbage' })))).name).toBe(
      'InvalidParameterException',
    )
  })
})

const POLICY = JSON.stringify({
  rules: [
    {
      rulePriority: 1,
      description: 'expire untagged',
      selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 },
      action: { type: 'expire' },
    },
    {
      rulePriority: 2,
      description: 'keep last 10',
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 10 },
      action: { type: 'expire' },
    },
  ],
})

describe('lifecycle policies', () => {
  it('answers LifecyclePolicyNotFoundException until one is put, then returns it', async () => {
    await sdk.send(new CreateRepositoryCommand({ repositoryName: 'lifecycle' }))
    const none = await failure(sdk.send(new GetLifecyclePolicyCommand({ repositoryName: 'lifecycle' })))
    expect(none.name).toBe('LifecyclePolicyNotFoundException')
    const put = await sdk.send(
      new PutLifecyclePolicyCommand({ repositoryName: 'lifecycle', lifecyclePolicyText: POLICY }),
    )
    expect(put).toMatchObject({ registryId: '111122223333', repositoryName: 'lifecycle', lifecyclePolicyText: POLICY })
    const got = await sdk.send(new GetLifecyclePolicyCommand({ repositoryName: 'lifecycle' }))
    expect(got.lifecyclePolicyText).toBe(POLICY)
    expect(got.lastEvaluatedAt).toBeInstanceOf(Date)
  })

  it('returns the policy of a repository seeded with one', async () => {
    ecr.addRepository({ repositoryName: 'lifecycle-seeded', lifecyclePolicyText: POLICY })
    const got = await sdk.send(new GetLifecyclePolicyCommand({ repositoryName: 'lifecycle-seeded' }))
    expect(got.lifecyclePolicyText).toBe(POLICY)
  })

  it('refuses invalid policies and missing repositories', async () => {
    await sdk.send(new CreateRepositoryCommand({ repositoryName: 'lifecycle-bad' }))
    const rule = (over: Record<string, unknown>, selection: Record<string, unknown> = {}): Record<string, unknown> => ({
      rulePriority: 1,
      description: 'a rule described at some length so that the text passes the length check',
      selection: { tagStatus: 'untagged', countType: 'imageCountMoreThan', countNumber: 1, ...selection },
      action: { type: 'expire' },
      ...over,
    })
    const bad = [
      { rules: [rule({}), rule({})] }, // duplicate priority
      { rules: [rule({}, { tagStatus: 'tagged' })] }, // tagged without a pattern or prefix
      { rules: [rule({ rulePriority: 2 }, { tagStatus: 'any' }), rule({ rulePriority: 3 })] }, // any not last
      { rules: [rule({}, { tagStatus: 'tagged', tagPatternList: ['a*b*c*d*e*f'] })] }, // five wildcards
    ]
    for (const policy of bad) {
      const e = await failure(
        sdk.send(
          new PutLifecyclePolicyCommand({
            repositoryName: 'lifecycle-bad',
            lifecyclePolicyText: JSON.stringify(policy),
          }),
        ),
      )
      expect(e.name, JSON.stringify(policy)).toBe('InvalidParameterException')
    }
    const missing = await failure(sdk.send(new GetLifecyclePolicyCommand({ repositoryName: 'never-created' })))
    expect(missing.name).toBe('RepositoryNotFoundException')
  })
})

describe('registry settings', () => {
  it('PutReplicationConfiguration is read back by DescribeRegistry, within the documented limits', async () => {
    const empty = await sdk.send(new DescribeRegistryCommand({}))
    expect(empty).toMatchObject({ registryId: '111122223333', replicationConfiguration: { rules: [] } })
    const replicationConfiguration = {
      rules: [
        {
          destinations: [{ region: 'us-west-1', registryId: '111122223333' }],
          repositoryFilters: [{ filter: 'prod', filterType: 'PREFIX_MATCH' as const }],
        },
      ],
    }
    const put = await sdk.send(new PutReplicationConfigurationCommand({ replicationConfiguration }))
    expect(put.replicationConfiguration).toEqual(replicationConfiguration)
    expect((await sdk.send(new DescribeRegistryCommand({}))).replicationConfiguration).toEqual(replicationConfiguration)
    const tooMany = { rules: Array.from({ length: 11 }, () => replicationConfiguration.rules[0]!) }
    expect(
      (await failure(sdk.send(new PutReplicationConfigurationCommand({ replicationConfiguration: tooMany })))).name,
    ).toBe('InvalidParameterException')
  })

  it('DescribeRepositoryCreationTemplates lists seeded templates and refuses an unknown prefix', async () => {
    const out = await sdk.send(new DescribeRepositoryCreationTemplatesCommand({}))
    expect(out.registryId).toBe('111122223333')
    expect(out.repositoryCreationTemplates).toHaveLength(1)
    expect(out.repositoryCreationTemplates![0]).toMatchObject({
      prefix: 'team-a',
      appliedFor: ['CREATE_ON_PUSH'],
      imageTagMutability: 'IMMUTABLE',
      description: 'team A',
    })
    const e = await failure(sdk.send(new DescribeRepositoryCreationTemplatesCommand({ prefixes: ['nope'] })))
    expect(e.name).toBe('TemplateNotFoundException')
  })

  it('CreatePullThroughCacheRule for Docker Hub needs an ecr-pullthroughcache/ secret', async () => {
    const rule = {
      ecrRepositoryPrefix: 'docker-hub',
      upstreamRegistryUrl: 'registry-1.docker.io',
      upstreamRegistry: 'docker-hub' as const,
      credentialArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:ecr-pullthroughcache/hub-AbCdEf',
    }
    const out = await sdk.send(new CreatePullThroughCacheRuleCommand(rule))
    expect(out).toMatchObject({ ...rule, registryId: '111122223333' })
    expect(out.createdAt).toBeInstanceOf(Date)
    expect((await failure(sdk.send(new CreatePullThroughCacheRuleCommand(rule)))).name).toBe(
      'PullThroughCacheRuleAlreadyExistsException',
    )
    const badSecret = {
      ...rule,
      ecrRepositoryPrefix: 'hub2',
      credentialArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:hub-creds',
    }
    expect((await failure(sdk.send(new CreatePullThroughCacheRuleCommand(badSecret)))).name).toBe(
      'UnableToAccessSecretException',
    )
    expect(
      (await failure(sdk.send(new CreatePullThroughCacheRuleCommand({ ...rule, ecrRepositoryPrefix: 'x' })))).name,
    ).toBe('InvalidParameterException')
  })
})

describe('throttling', () => {
  it('answers ThrottlingException (400) when told to, then recovers', async () => {
    ecr.throttleNext(1, 'DescribeRepositories')
    await sdk.send(new GetAuthorizationTokenCommand({}))
    const e = await failure(sdk.send(new DescribeRepositoriesCommand({})))
    expect(e.name).toBe('ThrottlingException')
    expect(e.$metadata.httpStatusCode).toBe(400)
    await sdk.send(new DescribeRepositoriesCommand({}))
  })

  it('applies a configured API token bucket to every operation', async () => {
    const limited = await startEcrEmulator({ registry: ecr.registry, apiThrottle: { perSecond: 0.001, burst: 2 } })
    extra.push(limited)
    const limitedSdk = client(limited)
    await limitedSdk.send(new DescribeRepositoriesCommand({}))
    await limitedSdk.send(new GetAuthorizationTokenCommand({}))
    const e = await failure(limitedSdk.send(new DescribeRepositoriesCommand({})))
    expect(e.name).toBe('ThrottlingException')
    limited.resetRateLimits()
    await limitedSdk.send(new DescribeRepositoriesCommand({}))
  })

  it('lets the SDK retry a throttled call on its own when retries are allowed', async () => {
    const retrying = new ECRClient({ region: ecr.region, endpoint: ecr.controlUrl, credentials: KEY, maxAttempts: 3 })
    ecr.throttleNext(1)
    const out = await retrying.send(new DescribeRepositoriesCommand({ repositoryNames: ['defaults'] }))
    expect(out.$metadata.attempts).toBe(2)
  })
})
