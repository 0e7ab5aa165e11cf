/**
 * Micrometer metrics for KVSync: {@link io.kvsync.micrometer.KvSyncMetrics}, a {@code MeterBinder} that
 * works with or without Spring.
 */
package io.kvsync.micrometer;
