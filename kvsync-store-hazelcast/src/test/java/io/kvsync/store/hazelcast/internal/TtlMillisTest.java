package io.kvsync.store.hazelcast.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class TtlMillisTest {

    @Test
    void no_ttl_is_zero_which_hazelcast_reads_as_never() {
        assertThat(TtlMillis.of(null)).isZero();
        assertThat(TtlMillis.toDuration(0)).isNull();
    }

    @Test
    void whole_milliseconds_are_kept() {
        assertThat(TtlMillis.of(Duration.ofSeconds(3))).isEqualTo(3000);
        assertThat(TtlMillis.toDuration(3000)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void a_fraction_of_a_millisecond_is_rounded_up_so_that_it_never_means_forever() {
        assertThat(TtlMillis.of(Duration.ofNanos(1))).isEqualTo(1);
        assertThat(TtlMillis.of(Duration.ofNanos(2_000_001))).isEqualTo(3);
    }

    @Test
    void a_ttl_beyond_what_milliseconds_hold_is_the_longest_there_is() {
        assertThat(TtlMillis.of(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    }
}
