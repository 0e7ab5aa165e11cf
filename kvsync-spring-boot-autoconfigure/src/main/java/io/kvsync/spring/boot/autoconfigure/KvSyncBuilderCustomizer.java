package io.kvsync.spring.boot.autoconfigure;

import io.kvsync.engine.KvSyncBuilder;

/**
 * Adjusts the builder of the auto-configured {@code KvSync} after the {@code kvsync.*} properties were
 * applied: a report callback, a store or marshaler built in code, a setting computed at start-up. Every
 * bean of this type is applied, in {@link org.springframework.core.annotation.Order} order.
 */
@FunctionalInterface
public interface KvSyncBuilderCustomizer {

    /** Changes {@code builder} before the {@code KvSync} is built. */
    void customize(KvSyncBuilder builder);
}
