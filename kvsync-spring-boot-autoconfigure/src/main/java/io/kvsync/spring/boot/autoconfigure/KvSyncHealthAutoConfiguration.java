package io.kvsync.spring.boot.autoconfigure;

import io.kvsync.engine.KvSync;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code kvsync} health indicator ({@link KvSyncHealthIndicator}) when Spring Boot's health support is
 * on the classpath; off with {@code management.health.kvsync.enabled=false}.
 */
@AutoConfiguration(after = KvSyncAutoConfiguration.class,
        beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({HealthIndicator.class, KvSync.class})
@ConditionalOnBean(KvSync.class)
@ConditionalOnEnabledHealthIndicator("kvsync")
public class KvSyncHealthAutoConfiguration {

    /** Named {@code kvsyncHealthIndicator}, so that it shows as {@code kvsync} in {@code /actuator/health}. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(name = "kvsyncHealthIndicator")
    public KvSyncHealthIndicator kvsyncHealthIndicator(KvSync kvSync, KvSyncProperties properties) {
        return new KvSyncHealthIndicator(kvSync, properties.getHealth().getProbeTimeout(), properties.getHealth().getDownAfter());
    }
}
