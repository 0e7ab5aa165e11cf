package io.kvsync.spi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyCountTest {

    @Test
    void names_the_count_and_the_first_key_in_quotes() {
        assertThat(KeyCount.describe(3, "user:1")).isEqualTo("3 key(s), the first being \"user:1\"");
    }

    @Test
    void names_only_the_count_when_there_is_no_first_key() {
        assertThat(KeyCount.describe(0, null)).isEqualTo("0 key(s)");
    }

    @Test
    void the_first_key_clause_alone_follows_a_count_worded_by_the_caller() {
        assertThat("2 of 5 key(s) failed" + KeyCount.theFirstBeing("a, b; c"))
                .isEqualTo("2 of 5 key(s) failed, the first being \"a, b; c\"");
        assertThat(KeyCount.theFirstBeing(null)).isEmpty();
    }
}
