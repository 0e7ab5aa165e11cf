package io.kvsync.spring.boot.autoconfigure;

import io.kvsync.api.SyncReport;
import io.kvsync.engine.KvSync;
import io.kvsync.hibernate.KvSyncHibernate;
import io.kvsync.hibernate.KvSyncIntegrator;
import io.kvsync.marshal.json.JsonMarshaler;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.Marshaler;
import io.kvsync.store.memory.MemoryKvStore;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class KvSyncAutoConfigurationTest {

    /** Memory store and JSON, so that nothing needs a server. */
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KvSyncAutoConfiguration.class))
            .withPropertyValues("kvsync.store=memory", "kvsync.marshaler=json");

    @Test
    void a_kvsync_bean_is_built_from_the_kvsync_properties() {
        runner.withPropertyValues("kvsync.workers=2", "kvsync.queue.offer-timeout=750ms", "kvsync.memory.maximum-bytes=1048576")
                .run(context -> {
                    KvSync kv = context.getBean(KvSync.class);
                    assertThat(kv.store()).isInstanceOf(MemoryKvStore.class);
                    assertThat(kv.marshaler()).isInstanceOf(JsonMarshaler.class);
                    assertThat(kv.config().get("kvsync.workers")).contains("2");
                    // Parsed by Spring, handed on in the engine's notation.
                    assertThat(kv.config().get("kvsync.queue.offer-timeout")).contains("PT0.75S");
                    assertThat(kv.config().get("kvsync.memory.maximum-bytes")).contains("1048576");
                });
    }

    @Test
    void a_nested_typed_store_setting_reaches_the_engine_under_its_own_name_only() {
        // Relaxed binding: the typed property (KvSyncProperties.Redis.OptimisticFencing) is what the engine gets.
        runner.withPropertyValues("kvsync.redis.optimisticFencing.minWrites=16").run(context ->
                assertThat(context.getBean(KvSync.class).config().asMap().entrySet())
                        .filteredOn(setting -> setting.getKey().contains("optimistic"))
                        .containsOnly(Map.entry("kvsync.redis.optimistic-fencing.min-writes", "16")));
    }

    @Test
    void the_typed_set_if_absent_setting_reaches_the_engine_under_the_stores_name() {
        runner.withPropertyValues("kvsync.redis.setIfAbsent=never").run(context ->
                assertThat(context.getBean(KvSync.class).config().get("kvsync.redis.set-if-absent")).contains("never"));
    }

    @Test
    void a_setting_the_typed_properties_do_not_list_still_reaches_the_engine() {
        runner.withPropertyValues("kvsync.some-provider.endpoint=somewhere").run(context ->
                assertThat(context.getBean(KvSync.class).config().get("kvsync.some-provider.endpoint")).contains("somewhere"));
    }

    @Test
    void spring_only_settings_do_not_reach_the_engine() {
        runner.withPropertyValues("kvsync.health.down-after=5s", "kvsync.hibernate.register=false").run(context -> {
            KvSync kv = context.getBean(KvSync.class);
            assertThat(kv.config().get("kvsync.health.down-after")).isEmpty();
            assertThat(kv.config().get("kvsync.hibernate.register")).isEmpty();
        });
    }

    @Test
    void the_bean_is_closed_with_the_context() {
        KvSync[] built = new KvSync[1];
        runner.run(context -> built[0] = context.getBean(KvSync.class));
        assertThat(built[0].isClosed()).isTrue();
    }

    @Test
    void a_kvsync_bean_of_the_application_wins() {
        runner.withUserConfiguration(OwnKvSync.class).run(context -> {
            assertThat(context).hasSingleBean(KvSync.class);
            assertThat(context.getBean(KvSync.class)).isSameAs(context.getBean("ownKvSync"));
        });
    }

    @Test
    void store_and_marshaler_beans_are_used_instead_of_the_service_loader_s() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KvSyncAutoConfiguration.class))
                .withUserConfiguration(OwnStoreAndMarshaler.class)
                .run(context -> {
                    KvSync kv = context.getBean(KvSync.class);
                    assertThat(kv.store()).isSameAs(context.getBean(KvStore.class));
                    assertThat(kv.marshaler()).isSameAs(context.getBean(Marshaler.class));
                });
    }

    @Test
    void builder_customizers_are_applied() {
        runner.withUserConfiguration(ReportCollector.class).run(context -> {
            KvSync kv = context.getBean(KvSync.class);
            kv.enqueue(new Widget(1));
            assertThat(kv.awaitIdle(java.time.Duration.ofSeconds(10))).isTrue();
            assertThat(context.getBean(ReportCollector.class).reports).extracting(SyncReport::key).containsExactly("widget:1");
        });
    }

    @Test
    void without_spring_data_redis_nothing_is_taken_from_it() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.data.redis"))
                .run(context -> assertThat(context).doesNotHaveBean("kvSyncSpringDataRedis").hasSingleBean(KvSync.class));
    }

    @Test
    void the_redis_store_connects_where_spring_data_redis_does_when_no_kvsync_redis_uri_is_set() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, KvSyncAutoConfiguration.class))
                .withPropertyValues("kvsync.store=redis", "kvsync.marshaler=json", "spring.data.redis.host=127.0.0.1",
                        "spring.data.redis.port=6390", "spring.data.redis.database=3", "spring.data.redis.username=app",
                        "spring.data.redis.password=secret", "kvsync.redis.connect-timeout=100ms")
                .run(context -> {
                    KvSync kv = context.getBean(KvSync.class);
                    assertThat(kv.config().get("kvsync.redis.uri")).contains("redis://127.0.0.1:6390/3");
                    assertThat(kv.config().get("kvsync.redis.username")).contains("app");
                    assertThat(kv.config().get("kvsync.redis.password")).contains("secret");
                });
    }

    @Test
    void a_kvsync_redis_password_of_the_user_wins_over_spring_data_redis_s_while_its_address_is_still_taken() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, KvSyncAutoConfiguration.class))
                .withPropertyValues("kvsync.store=redis", "kvsync.marshaler=json", "spring.data.redis.port=6390",
                        "spring.data.redis.password=secret", "kvsync.redis.password=mine", "kvsync.redis.connect-timeout=100ms")
                .run(context -> {
                    KvSync kv = context.getBean(KvSync.class);
                    assertThat(kv.config().get("kvsync.redis.uri")).contains("redis://localhost:6390/0");
                    assertThat(kv.config().get("kvsync.redis.password")).contains("mine");
                });
    }

    @Test
    void a_kvsync_redis_uri_wins_over_spring_data_redis() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, KvSyncAutoConfiguration.class))
                .withPropertyValues("kvsync.store=redis", "kvsync.marshaler=json", "spring.data.redis.port=6390",
                        "spring.data.redis.password=secret", "kvsync.redis.uri=redis://127.0.0.1:6391",
                        "kvsync.redis.connect-timeout=100ms")
                .run(context -> {
                    KvSync kv = context.getBean(KvSync.class);
                    assertThat(kv.config().get("kvsync.redis.uri")).contains("redis://127.0.0.1:6391");
                    assertThat(kv.config().get("kvsync.redis.password")).isEmpty();
                });
    }

    @Test
    void with_jpa_the_bean_is_registered_on_the_entity_manager_factory_which_depends_on_it() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
                        KvSyncAutoConfiguration.class))
                .withPropertyValues("kvsync.store=memory", "kvsync.marshaler=json",
                        "spring.datasource.url=jdbc:h2:mem:kvsync-autoconfig;DB_CLOSE_DELAY=-1")
                .run(context -> {
                    KvSync kv = context.getBean(KvSync.class);
                    SessionFactory sessionFactory = context.getBean(EntityManagerFactory.class).unwrap(SessionFactory.class);
                    assertThat(KvSyncHibernate.instance(sessionFactory)).containsSame(kv);
                    assertThat(context.getBeanFactory().getBeanDefinition("entityManagerFactory").getDependsOn())
                            .contains("kvSync");
                });
    }

    @Test
    void the_hibernate_customizer_hands_the_bean_to_the_integrator() {
        runner.run(context -> {
            Map<String, Object> hibernateProperties = new HashMap<>();
            context.getBean(HibernatePropertiesCustomizer.class).customize(hibernateProperties);
            assertThat(hibernateProperties).containsEntry(KvSyncIntegrator.INSTANCE, context.getBean(KvSync.class));
        });
    }

    @Test
    void registration_is_off_without_spring_boot_s_hibernate_support_or_when_switched_off() {
        runner.withClassLoader(new FilteredClassLoader(HibernatePropertiesCustomizer.class))
                .run(context -> assertThat(context).doesNotHaveBean("kvSyncHibernateRegistration").hasSingleBean(KvSync.class));
        runner.withPropertyValues("kvsync.hibernate.register=false")
                .run(context -> assertThat(context).doesNotHaveBean("kvSyncHibernateRegistration"));
    }

    @Test
    void a_store_name_that_matches_no_provider_fails_the_start_with_an_analysis_naming_the_property() {
        runner.withPropertyValues("kvsync.store=nosuch").run(context -> {
            assertThat(context).hasFailed();
            org.springframework.boot.diagnostics.FailureAnalysis analysis =
                    new KvSyncConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("kvsync.store=nosuch");
            assertThat(analysis.getAction()).startsWith("Set kvsync.store to the name of a provider");
        });
    }

    @Test
    void a_malformed_setting_the_engine_parses_fails_the_start_with_an_analysis_naming_it() {
        // A setting of the JSON marshaler's that the typed properties do not list: the engine parses it.
        runner.withPropertyValues("kvsync.json.max-nesting-depth=deep").run(context -> {
            assertThat(context).hasFailed();
            org.springframework.boot.diagnostics.FailureAnalysis analysis =
                    new KvSyncConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("kvsync.json.max-nesting-depth=deep");
            assertThat(analysis.getAction()).startsWith("Correct kvsync.json.max-nesting-depth in application.properties");
        });
    }

    @Test
    void a_malformed_typed_setting_fails_the_start_in_spring_s_binding_naming_it() {
        runner.withPropertyValues("kvsync.shutdown.timeout=soon").run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (failure != null && !(failure instanceof org.springframework.boot.context.properties.bind.BindException)) {
                failure = failure.getCause();
            }
            assertThat(failure).as("Spring's binding failure, which Boot's own analyzer reports").isNotNull();
            assertThat(((org.springframework.boot.context.properties.bind.BindException) failure).getProperty().getName())
                    .hasToString("kvsync.shutdown.timeout");
        });
    }

    @Test
    void no_store_on_the_classpath_is_analyzed_as_a_missing_module() {
        java.net.URLClassLoader empty = new java.net.URLClassLoader(new java.net.URL[0], null);
        io.kvsync.api.KvSyncConfigurationException missing = org.assertj.core.api.Assertions.catchThrowableOfType(
                io.kvsync.api.KvSyncConfigurationException.class,
                () -> KvSync.builder().classLoader(empty).marshaler(JsonMarshaler.create()).build());
        org.springframework.boot.diagnostics.FailureAnalysis analysis =
                new KvSyncConfigurationFailureAnalyzer().analyze(new IllegalStateException("wrapped", missing));
        assertThat(analysis.getDescription()).contains("no KvStore provider is on the classpath");
        assertThat(analysis.getAction()).startsWith("Add a store module");
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnKvSync {
        @Bean(destroyMethod = "close")
        KvSync ownKvSync() {
            return KvSync.builder().store(MemoryKvStore.builder().build()).marshaler(JsonMarshaler.create()).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnStoreAndMarshaler {
        @Bean
        KvStore ownStore() {
            return MemoryKvStore.builder().build();
        }

        @Bean
        Marshaler ownMarshaler() {
            return JsonMarshaler.create();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ReportCollector {
        final List<SyncReport> reports = new CopyOnWriteArrayList<>();

        @Bean
        KvSyncBuilderCustomizer collectReports() {
            return builder -> builder.onReport(reports::add);
        }
    }

    /** A syncable with one key. */
    public static class Widget implements io.kvsync.api.Syncable {
        public int id;

        public Widget() {
        }

        Widget(int id) {
            this.id = id;
        }

        @Override
        public Map<String, String> syncKeys() {
            return Map.of("id", "widget:" + id);
        }
    }
}
