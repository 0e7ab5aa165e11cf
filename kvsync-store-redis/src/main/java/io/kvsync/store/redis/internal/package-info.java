/** The Redis store's machinery: value envelopes, the fencing script, and one backend per client library. Not public API. */
package io.kvsync.store.redis.internal;
