package io.kvsync.spring.boot.autoconfigure;

import io.kvsync.engine.KvSync;
import io.kvsync.engine.KvSyncBuilder;
import io.kvsync.hibernate.KvSyncHibernate;
import io.kvsync.hibernate.KvSyncIntegrator;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.Marshaler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.jpa.autoconfigure.EntityManagerFactoryDependsOnPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

import java.util.Map;

/**
 * A {@link KvSync} bean built from the {@code kvsync.*} properties, unless the application defines its own.
 * Its store and marshaler are beans of type {@link KvStore} and {@link Marshaler} when there are, else
 * found with {@link java.util.ServiceLoader} as without Spring. With Spring Data Redis configured and no
 * {@code kvsync.redis.uri(s)}, the Redis store connects where Spring Data Redis does. With JPA on Hibernate,
 * the bean is registered on the {@code EntityManagerFactory}'s session factory, which is made to depend on
 * it, so that at shutdown the factory stops taking commits before the bean drains and closes.
 */
@AutoConfiguration(
        afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
        beforeName = "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration")
@ConditionalOnClass(KvSync.class)
@EnableConfigurationProperties(KvSyncProperties.class)
public class KvSyncAutoConfiguration {

    /** The bean, closed by Spring when the context closes (after the EntityManagerFactory, which depends on it). */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public KvSync kvSync(KvSyncProperties properties, Environment environment, ObjectProvider<KvStore> stores,
                         ObjectProvider<Marshaler> marshalers, ObjectProvider<KvSyncBuilderCustomizer> customizers) {
        KvSyncBuilder builder = KvSync.builder().properties(KvSyncSettings.of(properties, environment));
        stores.ifUnique(builder::store);
        marshalers.ifUnique(builder::marshaler);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /** Points the Redis store at Spring Data Redis's server when no {@code kvsync.redis.uri(s)} is set. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails",
            "io.kvsync.store.redis.RedisKvStore"})
    static class SpringDataRedisConfiguration {

        @Bean
        @Order(0)
        @ConditionalOnBean(DataRedisConnectionDetails.class)
        KvSyncBuilderCustomizer kvSyncSpringDataRedis(DataRedisConnectionDetails details,
                                                      ObjectProvider<DataRedisProperties> redisProperties,
                                                      KvSyncProperties properties) {
            KvSyncProperties.Redis own = properties.getRedis();
            String store = properties.getStore() == null ? "redis" : properties.getStore();
            if (!"redis".equalsIgnoreCase(store) || own.getUri() != null || !own.getUris().isEmpty()) {
                return builder -> {
                };
            }
            DataRedisProperties redis = redisProperties.getIfAvailable();
            boolean tls = SpringDataRedisSettings.usesTls(details, redis == null ? null : redis.getUrl());
            Map<String, String> bridged = SpringDataRedisSettings.of(details, tls);
            // The user's own kvsync.redis.username/password win over Spring Data Redis's.
            if (own.getUsername() != null) {
                bridged.remove("kvsync.redis.username");
            }
            if (own.getPassword() != null) {
                bridged.remove("kvsync.redis.password");
            }
            return builder -> bridged.forEach(builder::property);
        }
    }

    /** Registers the bean on the JPA EntityManagerFactory's Hibernate session factory. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({KvSyncHibernate.class, HibernatePropertiesCustomizer.class, EntityManagerFactoryDependsOnPostProcessor.class})
    @ConditionalOnBooleanProperty(name = "kvsync.hibernate.register", matchIfMissing = true)
    static class HibernateRegistrationConfiguration {

        /** Hands the bean to {@link KvSyncIntegrator}, which registers it when Hibernate builds the session factory. */
        @Bean
        HibernatePropertiesCustomizer kvSyncHibernateRegistration(KvSync kvSync) {
            return hibernateProperties -> hibernateProperties.put(KvSyncIntegrator.INSTANCE, kvSync);
        }

        /**
         * Makes the EntityManagerFactory depend on the KvSync bean: created after it, and closed before it, so
         * that what the last requests committed is replicated before the bean drains and closes.
         */
        @Bean
        static EntityManagerFactoryDependsOnPostProcessor kvSyncEntityManagerFactoryDependsOn() {
            return new EntityManagerFactoryDependsOnPostProcessor(KvSync.class);
        }
    }
}
