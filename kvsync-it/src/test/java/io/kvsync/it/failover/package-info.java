/** Redis Cluster fail-over under load: a replica takes over a master while KVSync writes and reads. */
package io.kvsync.it.failover;
