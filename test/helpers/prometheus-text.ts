/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4), for tests: every
 * line is a HELP, a TYPE or a sample of the family its TYPE declared; label values are
 * unescaped; a series appears once; a histogram's buckets are cumulative, end with `+Inf`, and
 * `+Inf` equals `_count`. Anything else throws, naming the line.
 */

export type FamilyType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  /** The sample's own name (`x_bucket`, `x_sum` for a histogram `x`). */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  help: string;
  type: FamilyType;
  samples: Sample[];
}

const namePattern = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelNamePattern = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const suffixes: Record<FamilyType, readonly string[]> = {
  counter: [''],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

export function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const seenSeries = new Set<string>();
  let current: Family | null = null;
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((line, index) => {
    const fail = (why: string): never => {
      throw new Error(`line ${index + 1}: ${why}: ${JSON.stringify(line)}`);
    };
    if (line === '') return;
    if (line.startsWith('#')) {
      const match = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!match) {
        if (line.startsWith('# HELP') || line.startsWith('# TYPE')) fail('malformed comment');
        return;
      }
      const [, keyword, name, rest] = match as unknown as [string, 'HELP' | 'TYPE', string, string];
      if (!namePattern.test(name)) fail('bad metric name');
      let family = families.get(name);
      if (family && family !== current) fail('family declared twice');
      if (!family) {
        family = { name, help: '', type: 'untyped', samples: [] };
        families.set(name, family);
      }
      current = family;
      if (keyword === 'HELP') family.help = rest.replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
      else if (rest in suffixes) family.type = rest as FamilyType;
      else fail('unknown type');
      return;
    }
    const sample = parseSample(line, fail);
    const family: Family | null = current;
    if (family === null || !suffixes[family.type].some((suffix) => sample.name === family.name + suffix)) fail('sample outside its family');
    const seriesKey = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seenSeries.has(seriesKey)) fail('series repeated');
    seenSeries.add(seriesKey);
    family!.samples.push(sample);
  });
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return families;
}

function parseSample(line: string, fail: (why: string) => never): Sample {
  const nameEnd = line.search(/[{ ]/);
  if (nameEnd <= 0) fail('no metric name');
  const name = line.slice(0, nameEnd);
  if (!namePattern.test(name)) fail('bad metric name');
  const labels: Record<string, string> = {};
  let at = nameEnd;
  if (line[at] === '{') {
    at += 1;
    while (line[at] !== '}') {
      const equals = line.indexOf('=', at);
      if (equals === -1) fail('label without value');
      const labelName = line.slice(at, equals);
      if (!labelNamePattern.test(labelName)) fail('bad label name');
      if (labelName in labels) fail('label repeated');
      if (line[equals + 1] !== '"') fail('unquoted label value');
      let value = '';
      let cursor = equals + 2;
      for (;;) {
        const char = line[cursor];
        if (char === undefined) fail('unterminated label value');
        if (char === '"') break;
        if (char === '\\') {
          const escaped = line[cursor + 1];
          if (escaped === 'n') value += '\n';
          else if (escaped === '\\' || escaped === '"') value += escaped;
          else fail('bad escape');
          cursor += 2;
        } else {
          value += char;
          cursor += 1;
        }
      }
      labels[labelName] = value;
      at = cursor + 1;
      if (line[at] === ',') at += 1;
      else if (line[at] !== '}') fail('expected , or }');
    }
    at += 1;
  }
  if (line[at] !== ' ') fail('expected a space before the value');
  const parts = line.slice(at + 1).split(' ');
  if (parts.length > 2 || (parts.length === 2 && !/^-?\d+$/.test(parts[1]!))) fail('bad value or timestamp');
  const value = parseValue(parts[0]!);
  if (value === null) fail('bad value');
  return { name, labels, value: value! };
}

function parseValue(text: string): number | null {
  if (/^[+-]?Inf$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return Number.NaN;
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : null;
}

function checkHistogram(family: Family): void {
  const byLabels = new Map<string, { buckets: [number, number][]; count?: number }>();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = byLabels.get(key) ?? { buckets: [] };
    byLabels.set(key, entry);
    if (sample.name.endsWith('_bucket')) {
      if (le === undefined) throw new Error(`${family.name}: a bucket without le`);
      entry.buckets.push([le === '+Inf' ? Infinity : Number(le), sample.value]);
    } else if (sample.name.endsWith('_count')) entry.count = sample.value;
  }
  for (const [key, { buckets, count }] of byLabels) {
    if (buckets.length === 0 || buckets.at(-1)![0] !== Infinity) throw new Error(`${family.name}${key}: no +Inf bucket last`);
    for (let index = 1; index < buckets.length; index += 1) {
      if (buckets[index]![0] <= buckets[index - 1]![0] || buckets[index]![1] < buckets[index - 1]![1]) throw new Error(`${family.name}${key}: buckets not cumulative`);
    }
    if (count !== buckets.at(-1)![1]) throw new Error(`${family.name}${key}: +Inf bucket differs from _count`);
  }
}
