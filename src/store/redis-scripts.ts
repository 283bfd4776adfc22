/**
 * The Lua scripts that make each store operation one atomic step inside Redis, so several gateways
 * sharing a server count together. They mirror sliding-window.ts and memory.ts.
 */

export interface LuaScript {
  /** The command name the connection defines for it (ioredis runs it by EVALSHA, EVAL when the server lacks it). */
  name: string;
  /** How many leading arguments are keys. */
  keys: number;
  source: string;
}

function script(name: string, source: string): LuaScript {
  return { name, keys: 1, source };
}

/** KEYS[1] sorted set of `id:amount` scored by time. ARGV: limit, windowMs, amount, now, id. Returns {allowed, count, retryAfterMs}. */
export const rateLimitScript = script('onhandshakeRateLimit', `
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local amount = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local entries = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
local count = 0
for i = 1, #entries, 2 do count = count + tonumber(string.match(entries[i], ':(%d+)$')) end
local need = amount
if need < 1 then need = 1 end
if count + need <= limit then
  if amount > 0 then
    redis.call('ZADD', KEYS[1], now, ARGV[5] .. ':' .. amount)
    redis.call('PEXPIRE', KEYS[1], window)
  end
  return {1, count + amount, 0}
end
local retry = window
if need <= limit then
  local left = count
  for i = 1, #entries, 2 do
    left = left - tonumber(string.match(entries[i], ':(%d+)$'))
    if left + need <= limit then
      retry = tonumber(entries[i + 1]) + window - now
      if retry < 1 then retry = 1 end
      break
    end
  end
end
return {0, count, retry}
`);

/** KEYS[1] hash {calls, bytes}. ARGV: callsLimit (-1 none), bytesLimit (-1 none), calls, expireAt (-1 never). Returns {allowed, exceeded (1 calls, 2 bandwidth), calls, bytes}. */
export const quotaScript = script('onhandshakeQuota', `
local calls = tonumber(redis.call('HGET', KEYS[1], 'calls') or '0')
local bytes = tonumber(redis.call('HGET', KEYS[1], 'bytes') or '0')
local callsLimit = tonumber(ARGV[1])
local bytesLimit = tonumber(ARGV[2])
if callsLimit >= 0 and calls >= callsLimit then return {0, 1, calls, bytes} end
if bytesLimit >= 0 and bytes >= bytesLimit then return {0, 2, calls, bytes} end
local inc = tonumber(ARGV[3])
if inc > 0 then calls = redis.call('HINCRBY', KEYS[1], 'calls', inc) end
if tonumber(ARGV[4]) >= 0 then redis.call('PEXPIREAT', KEYS[1], ARGV[4]) end
return {1, 0, calls, bytes}
`);

/** KEYS[1] hash {calls, bytes}. ARGV: bytes, expireAt (-1 never). */
export const quotaBytesScript = script('onhandshakeQuotaBytes', `
redis.call('HINCRBY', KEYS[1], 'bytes', ARGV[1])
if tonumber(ARGV[2]) >= 0 then redis.call('PEXPIREAT', KEYS[1], ARGV[2]) end
return 1
`);

/** KEYS[1] sorted set of lease ids scored by lease end. ARGV: max, now, leaseMs, id. Returns 1 when taken. */
export const acquireSlotScript = script('onhandshakeAcquireSlot', `
local now = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`);

/** KEYS[1] as above. ARGV: now, leaseMs, id. Extends a held lease. */
export const renewSlotScript = script('onhandshakeRenewSlot', `
redis.call('ZADD', KEYS[1], 'XX', tonumber(ARGV[1]) + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`);

export const allScripts: readonly LuaScript[] = [rateLimitScript, quotaScript, quotaBytesScript, acquireSlotScript, renewSlotScript];
