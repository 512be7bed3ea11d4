import { describe, expect, it } from 'vitest';
import { FlowsRetryLinks } from '../../../src/providers/flows/flows-retry-links.js';

describe('FlowsRetryLinks', () => {
  it('remembers which execution a re-run retried, and nothing for others', () => {
    const links = new FlowsRetryLinks();
    links.remember('rerun-1', 'failed-1');
    expect(links.retryOf('rerun-1')).toBe('failed-1');
    expect(links.retryOf('failed-1')).toBeNull();
  });

  it('forgets the oldest links first once full', () => {
    const links = new FlowsRetryLinks(2);
    links.remember('a', 'x');
    links.remember('b', 'y');
    links.remember('c', 'z');
    expect([links.retryOf('a'), links.retryOf('b'), links.retryOf('c')]).toEqual([null, 'y', 'z']);
  });
});
