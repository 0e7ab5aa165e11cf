/**
 * Spring Boot auto-configuration for KVSync: the {@code KvSync} bean from {@code kvsync.*} properties
 * ({@link io.kvsync.spring.boot.autoconfigure.KvSyncAutoConfiguration}), its registration on the JPA
 * {@code EntityManagerFactory}, Micrometer metrics
 * ({@link io.kvsync.spring.boot.autoconfigure.KvSyncMetricsAutoConfiguration}), the {@code kvsync} health
 * indicator ({@link io.kvsync.spring.boot.autoconfigure.KvSyncHealthAutoConfiguration}) and failure analysis.
 */
package io.kvsync.spring.boot.autoconfigure;
