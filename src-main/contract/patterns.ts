/**
 * The shapes of names the UI, the contract and the backend all check. Zod-free, so the renderer and the CLI
 * can use them without loading zod.
 */

/** An AWS Region name (`eu-west-1`, `us-gov-west-1`) without anchors, for patterns that embed one. */
export const AWS_REGION_NAME = String.raw`[a-z]{2}(?:-[a-z]+)+-\d`

export const AWS_REGION = new RegExp(`^${AWS_REGION_NAME}$`)

/** `YYYYMMDD-HHMMSS-xxxx`: when a job was created, and four random hex digits. */
export const JOB_ID = /^\d{8}-\d{6}-[0-9a-f]{4}$/

/** A saved Docker Hub account's name: it becomes a keychain key and a command-line word. */
export const ACCOUNT_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/i
