package io.kvsync.spring.boot.autoconfigure;

import io.kvsync.api.KvStoreException;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;
import io.kvsync.store.memory.MemoryKvStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class KvSyncHealthAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KvSyncAutoConfiguration.class, KvSyncHealthAutoConfiguration.class))
            .withPropertyValues("kvsync.marshaler=json");

    @Test
    void the_health_is_up_with_details_when_the_store_answers() {
        runner.withPropertyValues("kvsync.store=memory").run(context -> {
            Health health = context.getBean("kvsyncHealthIndicator", HealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("store", "MemoryKvStore").containsEntry("marshaler", "JsonMarshaler")
                    .containsEntry("pending", 0).containsKeys("oldestPending", "storeFailingFor").doesNotContainKey("outboxDepth");
        });
    }

    @Test
    void the_health_is_down_when_the_store_does_not_answer_within_the_probe_timeout() {
        runner.withUserConfiguration(HangingStoreConfiguration.class).withPropertyValues("kvsync.health.probe-timeout=200ms")
                .run(context -> {
                    HangingStore store = context.getBean(HangingStore.class);
                    try {
                        Health health = context.getBean("kvsyncHealthIndicator", HealthIndicator.class).health(true);
                        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                        assertThat(health.getDetails().get("reason").toString())
                                .contains("did not answer a read within PT0.2S", "kvsync.health.probe-timeout");
                    } finally {
                        store.release.countDown();
                    }
                });
    }

    @Test
    void the_health_is_down_once_every_write_has_failed_for_longer_than_the_threshold() {
        runner.withUserConfiguration(FailingStoreConfiguration.class)
                .withPropertyValues("kvsync.health.down-after=100ms", "kvsync.shutdown.timeout=100ms")
                .run(context -> {
                    FailingStore store = context.getBean(FailingStore.class);
                    HealthIndicator indicator = context.getBean("kvsyncHealthIndicator", HealthIndicator.class);
                    context.getBean(io.kvsync.engine.KvSync.class).enqueue(new KvSyncAutoConfigurationTest.Widget(1));
                    assertThat(store.failedOnce.await(10, TimeUnit.SECONDS)).isTrue();
                    Thread.sleep(150); // past kvsync.health.down-after, which counts from the first failure
                    Health health = indicator.health(true);
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.getDetails().get("reason").toString()).contains("every write to the store has failed for");
                    assertThat(health.getDetails()).containsEntry("pending", 1);
                    store.down.set(false);
                });
    }

    @Test
    void the_indicator_can_be_switched_off() {
        runner.withPropertyValues("kvsync.store=memory", "management.health.kvsync.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("kvsyncHealthIndicator"));
    }

    @Test
    void without_spring_boot_s_health_support_there_is_no_indicator() {
        runner.withPropertyValues("kvsync.store=memory").withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).doesNotHaveBean("kvsyncHealthIndicator"));
    }

    /** A store whose reads hang until released. */
    static final class HangingStore implements KvStore {
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void write(List<KvWrite> writes) {
        }

        @Override
        public Map<String, byte[]> read(Collection<String> keys) {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Map.of();
        }

        @Override
        public void close() {
            release.countDown();
        }
    }

    /** A store whose writes fail while it is down. */
    static final class FailingStore implements KvStore {
        final AtomicBoolean down = new AtomicBoolean(true);
        final CountDownLatch failedOnce = new CountDownLatch(1);
        private final KvStore delegate = MemoryKvStore.builder().build();

        @Override
        public void write(List<KvWrite> writes) {
            if (down.get()) {
                failedOnce.countDown();
                throw new KvStoreException("simulated outage");
            }
            delegate.write(writes);
        }

        @Override
        public Map<String, byte[]> read(Collection<String> keys) {
            return delegate.read(keys);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class HangingStoreConfiguration {
        @Bean
        HangingStore hangingStore() {
            return new HangingStore();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FailingStoreConfiguration {
        @Bean
        FailingStore failingStore() {
            return new FailingStore();
        }
    }
}
