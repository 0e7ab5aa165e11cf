/** The Caffeine-backed in-memory {@link io.kvsync.spi.KvStore}: {@link io.kvsync.store.memory.MemoryKvStore} and its provider. */
package io.kvsync.store.memory;
