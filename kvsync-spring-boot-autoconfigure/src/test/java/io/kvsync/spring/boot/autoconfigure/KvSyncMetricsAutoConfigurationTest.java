package io.kvsync.spring.boot.autoconfigure;

import io.kvsync.engine.KvSync;
import io.kvsync.micrometer.KvSyncMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class KvSyncMetricsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withPropertyValues("kvsync.store=memory", "kvsync.marshaler=json");

    @Test
    void with_spring_boot_s_meter_registry_the_kvsync_meters_are_registered_and_count() {
        runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                        SimpleMetricsExportAutoConfiguration.class, KvSyncAutoConfiguration.class, KvSyncMetricsAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasSingleBean(KvSyncMetrics.class);
                    KvSync kv = context.getBean(KvSync.class);
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    kv.enqueue(new KvSyncAutoConfigurationTest.Widget(1));
                    assertThat(kv.awaitIdle(Duration.ofSeconds(10))).isTrue();
                    assertThat(registry.get("kvsync.writes.written").tag("entity", "Widget").tag("store", "memory").counter().count())
                            .isEqualTo(1);
                    assertThat(registry.get("kvsync.pending").gauge().value()).isZero();
                });
    }

    @Test
    void without_a_meter_registry_there_is_no_binder() {
        runner.withConfiguration(AutoConfigurations.of(KvSyncAutoConfiguration.class, KvSyncMetricsAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(KvSyncMetrics.class).hasSingleBean(KvSync.class));
    }

    @Test
    void without_micrometer_on_the_classpath_there_is_no_binder() {
        runner.withConfiguration(AutoConfigurations.of(KvSyncAutoConfiguration.class, KvSyncMetricsAutoConfiguration.class))
                .withBean(SimpleMeterRegistry.class)
                .withClassLoader(new FilteredClassLoader(KvSyncMetrics.class))
                .run(context -> assertThat(context).doesNotHaveBean(KvSyncMetrics.class).hasSingleBean(KvSync.class));
    }

    @Test
    void a_registry_of_the_application_gets_the_meters_too() {
        runner.withConfiguration(AutoConfigurations.of(KvSyncAutoConfiguration.class, KvSyncMetricsAutoConfiguration.class))
                .withBean(SimpleMeterRegistry.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(KvSyncMetrics.class);
                    // Without Boot's metrics auto-configuration nothing binds MeterBinder beans: bind it as Boot would.
                    context.getBean(KvSyncMetrics.class).bindTo(context.getBean(MeterRegistry.class));
                    assertThat(context.getBean(MeterRegistry.class).find("kvsync.pending").gauge()).isNotNull();
                });
    }
}
