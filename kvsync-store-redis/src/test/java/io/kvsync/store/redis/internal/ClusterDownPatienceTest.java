package io.kvsync.store.redis.internal;

import io.lettuce.core.RedisCommandExecutionException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a cluster read waits out a node's CLUSTERDOWN answers, and what it does not wait for. */
class ClusterDownPatienceTest {

    @Test
    void a_read_answered_clusterdown_a_few_times_is_asked_again_until_it_answers() {
        AtomicInteger calls = new AtomicInteger();

        String value = ClusterDownPatience.read(() -> {
            if (calls.incrementAndGet() <= 3) {
                throw new RedisCommandExecutionException("CLUSTERDOWN The cluster is down");
            }
            return "value";
        }, CauseText::isClusterDown);

        assertThat(value).isEqualTo("value");
        assertThat(calls).hasValue(4);
    }

    @Test
    void a_cluster_that_stays_down_fails_the_read_once_the_patience_is_spent() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> ClusterDownPatience.read(() -> {
            calls.incrementAndGet();
            throw new RedisCommandExecutionException("CLUSTERDOWN Hash slot not served");
        }, CauseText::isClusterDown, 200_000_000L)).hasMessageStartingWith("CLUSTERDOWN Hash slot");

        assertThat(calls.get()).isBetween(2, 10);
    }

    @Test
    void any_other_failure_is_thrown_at_once() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> ClusterDownPatience.read(() -> {
            calls.incrementAndGet();
            throw new RedisCommandExecutionException("WRONGTYPE Operation against a key holding the wrong kind of value");
        }, CauseText::isClusterDown)).hasMessageStartingWith("WRONGTYPE");

        assertThat(calls).hasValue(1);
    }

    @Test
    void clusterdown_is_recognised_in_a_cause_too() {
        assertThat(CauseText.isClusterDown(new IllegalStateException("wrapped",
                new RedisCommandExecutionException("CLUSTERDOWN The cluster is down")))).isTrue();
        assertThat(CauseText.isClusterDown(new IllegalStateException("MOVED 3999 127.0.0.1:7002"))).isFalse();
    }
}
