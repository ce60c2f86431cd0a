/** Makes a switch over a union exhaustive: adding a member without a case fails to compile. */
export function assertUnreachable(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`)
}
