/**
 * A token bucket kept in one Redis hash, refilled from Redis's own clock (so replicas with
 * skewed clocks agree). It reserves: a caller always takes a token, possibly driving the bucket
 * negative, and is told how long to wait before using it; FIFO-fair and one round trip per call.
 * A reservation that would wait longer than `max_wait_ms` is refused (returns -1) and not taken.
 *
 * KEYS[1] bucket; ARGV: rate (tokens/s), burst (tokens), max_wait_ms.
 * Returns the wait in ms (0 = go now), or -1 when refused.
 */
export const TOKEN_BUCKET_SCRIPT = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local max_wait = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + (now - at) * rate / 1000)
local wait = 0
if tokens < 1 then wait = math.ceil((1 - tokens) * 1000 / rate) end
if wait > max_wait then return -1 end
redis.call('HSET', KEYS[1], 'tokens', tokens - 1, 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil((burst + 1) * 1000 / rate) + wait + 1000)
return wait
`;
