/**
 * What a registry can be signed in with. An identity token is an OAuth2 refresh token (`docker login` to some
 * registries).
 */
export type RegistryCredential =
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'identity-token'; token: string }

/**
 * Finds credentials for a registry host (`docker.io`, `host:port`). Injected so that core never reads files
 * itself. Called for every request, so it caches. `refused` names credentials the registry just turned down
 * (an ECR token that expired early, a rotated password): answer with newer ones if there are any.
 */
export type CredentialResolver = (
  registry: string,
  options?: { refused?: RegistryCredential },
) => Promise<RegistryCredential | undefined>

export const anonymous: CredentialResolver = async () => undefined

/** Parses `USER:PASS` as given on the command line or in an environment variable. */
export function parseUserPass(text: string, what: string): RegistryCredential {
  const colon = text.indexOf(':')
  if (colon <= 0) throw new Error(`${what} must be USER:PASSWORD (the colon is missing or the user is empty).`)
  return { kind: 'basic', username: text.slice(0, colon), password: text.slice(colon + 1) }
}
