/**
 * Compare-and-set scripts on a lease (a key whose value names its holder): only the holder
 * may renew or release it, so a holder that lost its lease (it paused past the expiry and
 * another replica took over) cannot extend or drop the new holder's.
 */

/** KEYS[1] lease, ARGV[1] holder, ARGV[2] ttl ms: 1 when renewed. */
export const renewLeaseScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

/** KEYS[1] lease, ARGV[1] holder: 1 when released. */
export const releaseLeaseScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;
