/** A benchmark's `--name=value` arguments; anything else is refused, so a typo never runs the wrong bench. */
export function benchArgs(args: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const arg of args) {
    const match = /^--([a-z-]+)=(.*)$/.exec(arg);
    if (!match) throw new Error(`unknown argument ${arg}`);
    values.set(match[1]!, match[2]!);
  }
  return values;
}
