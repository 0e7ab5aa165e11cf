package io.kvsync.hibernate;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetiredKeysTest {

    @Test
    void keys_with_any_characters_come_back_as_they_were_written() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("email", "customer:email:a:b@example.com");
        keys.put("12:odd", "42:");
        keys.put("ünï", "キー:値");
        keys.put("x", "");

        assertThat(RetiredKeys.decode(RetiredKeys.encode(keys))).containsExactlyEntriesOf(keys);
    }

    @Test
    void no_keys_are_written_as_null_and_read_back_as_none() {
        assertThat(RetiredKeys.encode(Map.of())).isNull();
        assertThat(RetiredKeys.decode(null)).isEmpty();
        assertThat(RetiredKeys.decode("")).isEmpty();
    }

    @Test
    void text_it_did_not_write_is_refused_with_the_offset() {
        assertThatThrownBy(() -> RetiredKeys.decode("5:email")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cut short");
        assertThatThrownBy(() -> RetiredKeys.decode("x:y")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset 0");
    }
}
