import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from './prometheus-text.js';

describe('the strict Prometheus text parser of the tests', () => {
  it('reads families, labels with escapes, and labelled histograms', () => {
    const families = parsePrometheusText(
      [
        '# HELP a_total Things.',
        '# TYPE a_total counter',
        'a_total{kind="x\\"y",other="1"} 3',
        '# TYPE h histogram',
        'h_bucket{p="a",le="0.1"} 1',
        'h_bucket{p="a",le="+Inf"} 2',
        'h_sum{p="a"} 0.3',
        'h_count{p="a"} 2',
        'h_bucket{p="b",le="0.1"} 0',
        'h_bucket{p="b",le="+Inf"} 0',
        'h_sum{p="b"} 0',
        'h_count{p="b"} 0',
        '',
      ].join('\n'),
    );
    expect(families.get('a_total')).toEqual({ name: 'a_total', help: 'Things.', type: 'counter', samples: [{ name: 'a_total', labels: { kind: 'x"y', other: '1' }, value: 3 }] });
    expect(families.get('h')?.samples).toHaveLength(8);
  });

  it.each([
    ['a sample outside its family', '# TYPE a counter\nb 1\n', /sample outside its family/],
    ['a repeated series', '# TYPE a gauge\na{x="1"} 1\na{x="1"} 2\n', /series repeated/],
    ['an unquoted label', '# TYPE a gauge\na{x=1} 1\n', /unquoted label value/],
    ['a bad value', '# TYPE a gauge\na one\n', /bad value/],
    ['buckets that are not cumulative', '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n', /buckets not cumulative/],
    ['a count unlike +Inf', '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 3\n', /\+Inf bucket differs from _count/],
  ])('refuses %s', (_name, text, why) => {
    expect(() => parsePrometheusText(text)).toThrow();
    expect(() => parsePrometheusText(text)).toThrow(why);
  });
});
