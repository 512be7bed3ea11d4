/** A configuration problem: `key` is the dotted path of the offending key (`providers[1].baseUrl`). */
export class ConfigError extends Error {
  readonly key: string;

  constructor(key: string, problem: string) {
    super(`${key}: ${problem}`);
    this.name = 'ConfigError';
    this.key = key;
  }
}
