package io.kvsync.engine.internal;

import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.spi.KvSyncConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Merges the configuration sources, highest first: the builder's settings, system properties
 * {@code kvsync.*}, environment variables {@code KVSYNC_*} ({@code KVSYNC_REDIS_URI} is
 * {@code kvsync.redis.uri}), and {@code kvsync.properties} at the root of the class path.
 */
public final class ConfigLoader {

    public static final String RESOURCE = "kvsync.properties";

    private ConfigLoader() {
    }

    /** Loads from this process's system properties, environment and class path. */
    public static KvSyncConfig load(Map<String, String> builderSettings, ClassLoader classLoader) {
        return merge(builderSettings, System.getProperties(), System.getenv(), classLoader.getResource(RESOURCE));
    }

    /** Merges explicit sources; the seams exist so tests need not touch the real environment. */
    static KvSyncConfig merge(Map<String, String> builderSettings, Properties systemProperties,
                              Map<String, String> environment, URL propertiesFile) {
        return KvSyncConfig.of(builderSettings)
                .withFallback(fromSystemProperties(systemProperties))
                .withFallback(fromEnvironment(environment))
                .withFallback(fromFile(propertiesFile));
    }

    private static KvSyncConfig fromSystemProperties(Properties properties) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.toLowerCase(Locale.ROOT).startsWith("kvsync.")) {
                settings.put(name, properties.getProperty(name));
            }
        }
        return KvSyncConfig.of(settings);
    }

    private static KvSyncConfig fromEnvironment(Map<String, String> environment) {
        Map<String, String> settings = new LinkedHashMap<>();
        environment.forEach((name, value) -> {
            // KVSYNC_TEST_* addresses belong to the test suites, not to the library.
            if (name.startsWith("KVSYNC_") && !name.startsWith("KVSYNC_TEST_")) {
                settings.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return KvSyncConfig.of(settings);
    }

    private static KvSyncConfig fromFile(URL url) {
        if (url == null) {
            return KvSyncConfig.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = url.openStream()) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new KvSyncConfigurationException("cannot read " + url + ": " + e.getMessage(), e);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name)));
        return KvSyncConfig.of(settings);
    }
}
