import { describe, expect, it } from 'vitest';
import { findLeaks } from './secret-registry.js';

describe('findLeaks (the whole-run secret check)', () => {
  it('reports a secret in a response or a log line, and nothing otherwise', () => {
    expect(findLeaks([{ secrets: ['s3cr3t-key'], logs: ['all fine'], responses: ['{"data":{}}'] }])).toEqual([]);
    expect(findLeaks([{ secrets: ['s3cr3t-key'], logs: ['oops s3cr3t-key'], responses: [] }])).toHaveLength(1);
    expect(findLeaks([{ secrets: ['s3cr3t-key'], logs: [], responses: ['{"error":"s3cr3t-key"}'] }])).toHaveLength(1);
  });
});
