package io.kvsync.hibernate;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kvsync-hibernate jar carries a Hibernate lazy-load guard; a class path without Hibernate must not
 * fail on it. Loads the API and this module in a class loader that has no Hibernate and asks the
 * installed guards about a value.
 */
class WithoutHibernateTest {

    private static URL classesOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toUri().toURL();
    }

    @Test
    void without_hibernate_the_installed_guard_answers_instead_of_failing() throws Exception {
        URL api = classesOf(io.kvsync.spi.LazyLoadGuard.class);
        URL engine = classesOf(HibernateLazyLoadGuard.class);
        try (URLClassLoader noHibernate = new URLClassLoader(new URL[]{api, engine}, ClassLoader.getPlatformClassLoader())) {
            assertThat(noHibernate.getResource("org/hibernate/Hibernate.class")).as("Hibernate is absent").isNull();
            Class<?> guardType = Class.forName("io.kvsync.spi.LazyLoadGuard", true, noHibernate);
            Object guard = guardType.getMethod("installed").invoke(null);

            assertThat(guardType.getMethod("isUnloaded", Object.class).invoke(guard, "a value")).isEqualTo(false);
            assertThat(guardType.getMethod("unproxy", Object.class).invoke(guard, "a value")).isEqualTo("a value");
        }
    }
}
