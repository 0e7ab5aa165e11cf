package io.kvsync.spi;

import io.kvsync.api.KvSyncConfigurationException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KvSyncConfigTest {

    @ParameterizedTest(name = "{0} reads as {1}")
    @CsvSource({
            "PT5S, PT5S",
            "P365D, PT8760H",
            "250ms, PT0.25S",
            "500us, PT0.0005S",
            "750µs, PT0.00075S",
            "5s, PT5S",
            "10m, PT10M",
            "2h, PT2H",
            "365d, PT8760H",
            "0, PT0S",
            "' 7 s ', PT7S"})
    void durations_accept_iso_and_short_forms(String text, String expected) {
        KvSyncConfig config = KvSyncConfig.of(Map.of("kvsync.x", text));
        assertThat(config.getDuration("kvsync.x", Duration.ZERO)).isEqualTo(Duration.parse(expected));
    }

    @Test
    @DisplayName("a bare number is not a duration, and the error names the key and the value")
    void bare_number_is_rejected() {
        KvSyncConfig config = KvSyncConfig.of(Map.of("kvsync.shutdown.timeout", "30"));
        assertThatThrownBy(() -> config.getDuration("kvsync.shutdown.timeout", Duration.ZERO))
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("kvsync.shutdown.timeout=30")
                .hasMessageContaining("duration");
    }

    @Test
    void an_unparsable_integer_names_key_and_value() {
        KvSyncConfig config = KvSyncConfig.of(Map.of("kvsync.workers", "four"));
        assertThatThrownBy(() -> config.getInt("kvsync.workers", 1))
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessage("setting kvsync.workers=four is not an integer");
    }

    @Test
    void keys_match_whatever_their_case_dashes_or_underscores() {
        KvSyncConfig config = KvSyncConfig.of(Map.of("KVSYNC_QUEUE_OFFERTIMEOUT", "3s"));
        assertThat(config.getDuration("kvsync.queue.offer-timeout")).contains(Duration.ofSeconds(3));
        assertThat(config.getDuration("kvsync.queue.offerTimeout")).contains(Duration.ofSeconds(3));
    }

    @Test
    void unset_and_blank_values_give_the_default() {
        KvSyncConfig config = KvSyncConfig.of(Map.of("kvsync.workers", "  "));
        assertThat(config.getInt("kvsync.workers", 4)).isEqualTo(4);
        assertThat(config.getBoolean("kvsync.other", true)).isTrue();
        assertThat(config.get("kvsync.other")).isEmpty();
    }

    @Test
    void the_higher_config_wins_over_its_fallback() {
        KvSyncConfig high = KvSyncConfig.of(Map.of("kvsync.workers", "8"));
        KvSyncConfig low = KvSyncConfig.of(Map.of("kvsync.workers", "2", "kvsync.store", "memory"));
        KvSyncConfig merged = high.withFallback(low);
        assertThat(merged.getInt("kvsync.workers", 1)).isEqualTo(8);
        assertThat(merged.get("kvsync.store")).contains("memory");
    }

    @Test
    void lists_are_comma_separated_and_trimmed() {
        KvSyncConfig config = KvSyncConfig.of(Map.of("kvsync.redis.uris", "redis://a:7000, redis://b:7001,,"));
        assertThat(config.getList("kvsync.redis.uris")).isEqualTo(List.of("redis://a:7000", "redis://b:7001"));
    }

    @Test
    void booleans_must_be_true_or_false() {
        KvSyncConfig config = KvSyncConfig.of(Map.of("kvsync.redis.cluster", "yes"));
        assertThatThrownBy(() -> config.getBoolean("kvsync.redis.cluster", false))
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("kvsync.redis.cluster=yes");
    }

    @Test
    @DisplayName("toString never prints a password, in a secret-looking key or inside a URI")
    void to_string_masks_secrets() {
        KvSyncConfig config = KvSyncConfig.of(Map.of(
                "kvsync.redis.password", "hunter2",
                "kvsync.redis.uri", "redis://alice:s3cret@host:6379/0",
                "kvsync.redis.uris", "redis://onlypass@a:1,rediss://bob:pw@b:2"));
        String printed = config.toString();
        assertThat(printed).doesNotContain("hunter2", "s3cret", "onlypass", "pw@")
                .contains("redis://alice:****@host:6379/0", "rediss://bob:****@b:2", "redis://****@a:1");
    }

    @Test
    void a_required_setting_that_is_missing_is_named() {
        assertThatThrownBy(() -> KvSyncConfig.empty().require("kvsync.redis.uri"))
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("kvsync.redis.uri");
    }
}
