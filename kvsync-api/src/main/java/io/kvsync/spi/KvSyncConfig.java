package io.kvsync.spi;

import io.kvsync.api.KvSyncConfigurationException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * An immutable set of {@code kvsync.*} settings, handed to providers so they can configure
 * themselves.
 *
 * <p><b>Key spelling.</b> Keys are matched loosely, so that one setting can be written the way each
 * source expects: case is ignored and dashes are dropped, so {@code kvsync.queue.offer-timeout},
 * {@code kvsync.queue.offerTimeout} and the environment variable {@code KVSYNC_QUEUE_OFFERTIMEOUT}
 * (underscores read as dots) all name the same setting.
 *
 * <p><b>Values.</b> Durations accept ISO-8601 ({@code PT5S}, {@code P365D}) and short forms
 * ({@code 250ms}, {@code 5s}, {@code 10m}, {@code 2h}, {@code 365d}, {@code 0}). A value that cannot
 * be parsed throws {@link KvSyncConfigurationException} naming the key and the value.
 *
 * <p>{@link #toString()} masks the values of keys that look secret ({@code password}, {@code secret},
 * {@code token}, {@code credential}) and the password part of URIs, so a config can be logged.
 * Instances are thread-safe.
 */
public final class KvSyncConfig {

    private static final KvSyncConfig EMPTY = new KvSyncConfig(Map.of());

    /** Canonical key → entry (the key as first written, and its value), in insertion order. */
    private final Map<String, Map.Entry<String, String>> entries;

    private KvSyncConfig(Map<String, Map.Entry<String, String>> entries) {
        this.entries = entries;
    }

    /** A config with no settings: every getter returns its default. */
    public static KvSyncConfig empty() {
        return EMPTY;
    }

    /** A config holding {@code settings}; null values are ignored. */
    public static KvSyncConfig of(Map<String, String> settings) {
        Map<String, Map.Entry<String, String>> copy = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (key != null && value != null) {
                copy.put(canonical(key), Map.entry(key, value));
            }
        });
        return new KvSyncConfig(Collections.unmodifiableMap(copy));
    }

    /**
     * Returns a config in which the settings of this one win and those of {@code lower} fill the rest.
     */
    public KvSyncConfig withFallback(KvSyncConfig lower) {
        Map<String, Map.Entry<String, String>> merged = new LinkedHashMap<>(lower.entries);
        merged.putAll(entries);
        return new KvSyncConfig(Collections.unmodifiableMap(merged));
    }

    /**
     * The canonical spelling used for matching keys: lower case, no dashes, underscores read as dots.
     */
    public static String canonical(String key) {
        return key.toLowerCase(Locale.ROOT).replace("-", "").replace('_', '.');
    }

    /** The raw value of {@code key}, trimmed; empty when unset or blank. */
    public Optional<String> get(String key) {
        Map.Entry<String, String> entry = entries.get(canonical(key));
        if (entry == null || entry.getValue().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(entry.getValue().trim());
    }

    /** The value of {@code key}, or {@code defaultValue} when unset. */
    public String getString(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /** The value of {@code key} as an int, or {@code defaultValue} when unset. */
    public int getInt(String key, int defaultValue) {
        return get(key).map(v -> parse(key, v, "an integer", Integer::parseInt)).orElse(defaultValue);
    }

    /** The value of {@code key} as a long, or {@code defaultValue} when unset. */
    public long getLong(String key, long defaultValue) {
        return get(key).map(v -> parse(key, v, "an integer", Long::parseLong)).orElse(defaultValue);
    }

    /** The value of {@code key} as a boolean ({@code true}/{@code false}), or {@code defaultValue} when unset. */
    public boolean getBoolean(String key, boolean defaultValue) {
        return get(key).map(v -> parse(key, v, "true or false", KvSyncConfig::parseBoolean)).orElse(defaultValue);
    }

    /** The value of {@code key} as a duration (ISO-8601 or short form), or {@code defaultValue} when unset. */
    public Duration getDuration(String key, Duration defaultValue) {
        return getDuration(key).orElse(defaultValue);
    }

    /** The value of {@code key} as a duration (ISO-8601 or short form), empty when unset. */
    public Optional<Duration> getDuration(String key) {
        return get(key).map(v -> parse(key, v, "a duration such as 5s, 250ms, 365d or PT5S", DurationParser::parse));
    }

    /** The comma-separated values of {@code key}, trimmed, blanks dropped; empty when unset. */
    public List<String> getList(String key) {
        List<String> values = new ArrayList<>();
        get(key).ifPresent(v -> {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    values.add(part.trim());
                }
            }
        });
        return List.copyOf(values);
    }

    /** The value of {@code key}, or a {@link KvSyncConfigurationException} saying it must be set. */
    public String require(String key) {
        return get(key).orElseThrow(() -> new KvSyncConfigurationException("setting " + key + " is required but not set"));
    }

    /** Every setting, by the key as it was first written. Values are unmasked. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        entries.values().forEach(e -> map.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableMap(map);
    }

    /** Settings with secrets masked; safe to log. */
    @Override
    public String toString() {
        StringJoiner joiner = new StringJoiner(", ", "KvSyncConfig{", "}");
        entries.values().forEach(e -> joiner.add(e.getKey() + "=" + SecretMasker.mask(e.getKey(), e.getValue())));
        return joiner.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KvSyncConfig other && asMap().equals(other.asMap());
    }

    @Override
    public int hashCode() {
        return asMap().hashCode();
    }

    private interface Parser<T> {
        T parse(String value);
    }

    private static <T> T parse(String key, String value, String expected, Parser<T> parser) {
        try {
            return parser.parse(value);
        } catch (RuntimeException e) {
            throw new KvSyncConfigurationException(
                    "setting " + key + "=" + SecretMasker.mask(key, value) + " is not " + expected, e);
        }
    }

    private static boolean parseBoolean(String value) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(value);
    }
}
