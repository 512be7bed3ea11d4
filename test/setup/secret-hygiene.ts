import { afterAll } from 'vitest';
import { findLeaks } from '../helpers/secret-registry.js';

afterAll(() => {
  const leaks = findLeaks();
  if (leaks.length > 0) throw new Error(`configured secrets appeared in captured responses or log lines:\n${leaks.join('\n')}`);
});
