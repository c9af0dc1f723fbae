/** The end of a switch over a union: a member the switch forgot fails to compile here, and a value from a newer peer fails loudly at run time. */
export function assertNever(value: never, what: string): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
