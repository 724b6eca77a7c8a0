package redis

import goredis "github.com/redis/go-redis/v9"

// The layout under a store's prefix P (all of a store's keys start with
// it, so several stores share a server):
//
//	P id      the counter that INCR turns into the next entry's ID
//	P all     a sorted set of every ID (score = ID): Scan's order
//	P k:KEY   a sorted set of the IDs filed under KEY: Get's order
//	P e:ID    a hash: k = the entry's key, v = store.Encode of it
//
// Every operation is one Lua script, which Redis runs atomically: a Put
// that replaces an entry, or a Get that reads a key's IDs and then their
// values, is never seen half done by another client. The scripts build key
// names from the prefix, which Redis Cluster does not allow: a store
// needs one Redis server (a primary, with or without replicas).

// putScript files ARGV[3] under ARGV[2] with a new ID from INCR, after
// removing entry ARGV[4] (when not "0") whatever its key. KEYS: P id,
// P all, P k:KEY. ARGV[1] is P. It returns the new ID.
var putScript = goredis.NewScript(`
local p = ARGV[1]
local old = ARGV[4]
if old ~= "0" then
  local ek = p .. "e:" .. old
  local oldkey = redis.call("HGET", ek, "k")
  if oldkey then
    redis.call("ZREM", p .. "k:" .. oldkey, old)
    redis.call("ZREM", KEYS[2], old)
    redis.call("DEL", ek)
  end
end
local id = redis.call("INCR", KEYS[1])
redis.call("HSET", p .. "e:" .. id, "k", ARGV[2], "v", ARGV[3])
redis.call("ZADD", KEYS[3], id, id)
redis.call("ZADD", KEYS[2], id, id)
return id
`)

// getScript returns ID, value, ID, value... of the entries under one key,
// oldest first. KEYS: P k:KEY. ARGV[1] is P.
var getScript = goredis.NewScript(`
local ids = redis.call("ZRANGE", KEYS[1], 0, -1)
local out = {}
for _, id in ipairs(ids) do
  local v = redis.call("HGET", ARGV[1] .. "e:" .. id, "v")
  if v then
    out[#out + 1] = id
    out[#out + 1] = v
  end
end
return out
`)

// deleteScript removes the entries ARGV[2:]. KEYS: P all. ARGV[1] is P.
var deleteScript = goredis.NewScript(`
for i = 2, #ARGV do
  local id = ARGV[i]
  local ek = ARGV[1] .. "e:" .. id
  local k = redis.call("HGET", ek, "k")
  if k then
    redis.call("ZREM", ARGV[1] .. "k:" .. k, id)
    redis.call("ZREM", KEYS[1], id)
    redis.call("DEL", ek)
  end
end
return 0
`)

// pageScript returns up to ARGV[3] entries with IDs above ARGV[2], oldest
// first: the number of IDs it looked at, the last of them ("0" for none),
// then ID, key, value for each entry. KEYS: P all. ARGV[1] is P.
var pageScript = goredis.NewScript(`
local ids = redis.call("ZRANGEBYSCORE", KEYS[1], "(" .. ARGV[2], "+inf", "LIMIT", 0, tonumber(ARGV[3]))
local out = {tostring(#ids), ids[#ids] or "0"}
for _, id in ipairs(ids) do
  local kv = redis.call("HMGET", ARGV[1] .. "e:" .. id, "k", "v")
  if kv[1] then
    out[#out + 1] = id
    out[#out + 1] = kv[1]
    out[#out + 1] = kv[2]
  end
end
return out
`)
