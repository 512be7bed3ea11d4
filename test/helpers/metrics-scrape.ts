import { request } from 'undici';
import { parsePrometheusText, type Family } from './prometheus-text.js';

export interface Scrape {
  status: number;
  contentType: string | undefined;
  text: string;
  families: Map<string, Family>;
}

/** GETs `/metrics` over a real socket and parses it strictly (prometheus-text.ts). */
export async function scrapeMetrics(origin: string, headers: Record<string, string> = {}): Promise<Scrape> {
  const response = await request(`${origin}/metrics`, { headers });
  const text = await response.body.text();
  const contentType = response.headers['content-type'] as string | undefined;
  const families = response.statusCode === 200 ? parsePrometheusText(text) : new Map<string, Family>();
  return { status: response.statusCode, contentType, text, families };
}

function matches(labels: Record<string, string>, wanted: Record<string, string>): boolean {
  return Object.entries(wanted).every(([key, value]) => labels[key] === value);
}

/** The value of the one sample named `name` whose labels include `labels` (0 when there is none). */
export function valueOf(scrape: Scrape, name: string, labels: Record<string, string> = {}, family = name): number {
  const samples = (scrape.families.get(family)?.samples ?? []).filter((sample) => sample.name === name && matches(sample.labels, labels));
  if (samples.length > 1) throw new Error(`${samples.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return samples[0]?.value ?? 0;
}

/** Whether a sample named `name` with these labels exists. */
export function hasSample(scrape: Scrape, name: string, labels: Record<string, string> = {}, family = name): boolean {
  return (scrape.families.get(family)?.samples ?? []).some((sample) => sample.name === name && matches(sample.labels, labels));
}

/** The sum over every sample named `name` whose labels include `labels`. */
export function totalOf(scrape: Scrape, name: string, labels: Record<string, string> = {}): number {
  return (scrape.families.get(name)?.samples ?? []).filter((sample) => sample.name === name && matches(sample.labels, labels)).reduce((sum, sample) => sum + sample.value, 0);
}

/** A histogram's `_count` for the series with these labels. */
export function histogramCount(scrape: Scrape, name: string, labels: Record<string, string>): number {
  return valueOf(scrape, `${name}_count`, labels, name);
}
