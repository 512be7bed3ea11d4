/**
 * Scripts of cluster polling's partitions. Each claim of a partition's lease bumps the
 * partition's epoch (a fencing token), and a state is published only by the holder of the
 * current epoch: a replica that lost its lease (it paused past the expiry and another took
 * over) cannot publish a late state after the new owner's. Versions come from Redis's own
 * clock, made strictly increasing per partition, so they order states across owners whatever
 * the replicas' clocks say and keep increasing after Redis restarts without its data.
 */

/** KEYS[1] lease, KEYS[2] epoch; ARGV[1] holder, ARGV[2] ttl ms: the new epoch, or 0 when someone holds the lease. */
export const claimPartitionScript = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return redis.call('INCR', KEYS[2]) end
return 0`;

/**
 * KEYS[1] epoch, KEYS[2] version counter, KEYS[3] latest state; ARGV[1] epoch held, ARGV[2]
 * channel, ARGV[3] and ARGV[4] the message before and after its version, ARGV[5] ttl ms of the
 * latest state: the version (as a string), or 0 when the epoch is no longer the caller's.
 */
export const publishFencedScript = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local time = redis.call('TIME')
local version = tonumber(time[1]) * 1000000 + tonumber(time[2])
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
if version <= last then version = last + 1 end
local text = string.format('%.0f', version)
redis.call('SET', KEYS[2], text)
local message = ARGV[3] .. text .. ARGV[4]
redis.call('SET', KEYS[3], message, 'PX', ARGV[5])
redis.call('PUBLISH', ARGV[2], message)
return text`;

/** KEYS[1] a partition's interested replicas, KEYS[2] that replica's interest there; ARGV[1] the replica: removed only while its interest is gone. */
export const forgetIdleReplicaScript = `
if redis.call('EXISTS', KEYS[2]) == 0 then return redis.call('SREM', KEYS[1], ARGV[1]) end
return 0`;
