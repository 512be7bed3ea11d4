import { describe, expect, it } from 'vitest';
import { decodeGlobalId, encodeGlobalId, executionGlobalId } from '../../src/model/global-id.js';

describe('global ids', () => {
  it('round-trips provider and native id, including colons, slashes and unicode', () => {
    for (const nativeId of ['3f0e1c2a-0000-4000-8000-000000000001', 'wf.v2/run:7', 'résumé-flow/exec 1', '💥']) {
      const id = executionGlobalId('airops-eu', nativeId);
      expect(decodeGlobalId(id)).toEqual({ typeTag: 'Execution', provider: 'airops-eu', localId: nativeId });
    }
  });

  it('is stable: the same execution always has the same id', () => {
    expect(executionGlobalId('airops', 'abc')).toBe(executionGlobalId('airops', 'abc'));
    expect(executionGlobalId('airops', 'abc')).not.toBe(executionGlobalId('airops-2', 'abc'));
  });

  it.each(['', 'not base64!', '====', Buffer.from('Execution:only-one-colon').toString('base64url'), Buffer.from('Execution:Bad_Name:x').toString('base64url'), `${encodeGlobalId('Execution', 'a', 'b')}=`])(
    'rejects malformed id %j',
    (id) => {
      expect(decodeGlobalId(id)).toBeNull();
    },
  );
});
