package io.kvsync.spring.boot.autoconfigure;

import io.kvsync.engine.KvSync;
import io.kvsync.micrometer.KvSyncMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link KvSyncMetrics} as a {@code MeterBinder} bean when the application has a {@link MeterRegistry}
 * (Spring Boot binds it to every registry), so that {@code kvsync.*} meters appear in
 * {@code /actuator/metrics} and in whatever the registry exports to.
 */
@AutoConfiguration(after = KvSyncAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, KvSyncMetrics.class})
@ConditionalOnBean({MeterRegistry.class, KvSync.class})
public class KvSyncMetricsAutoConfiguration {

    /** Detached from the engine when the context closes. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public KvSyncMetrics kvSyncMetrics(KvSync kvSync) {
        return new KvSyncMetrics(kvSync);
    }
}
