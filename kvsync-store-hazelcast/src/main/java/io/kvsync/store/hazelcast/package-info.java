/** The Hazelcast {@link io.kvsync.spi.KvStore}: {@link io.kvsync.store.hazelcast.HazelcastKvStore}, its builder and provider. */
package io.kvsync.store.hazelcast;
