package io.kvsync.spi;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyBatcherTest {

    private final List<List<String>> handedOver = new ArrayList<>();

    @Test
    void full_batches_are_handed_over_as_they_fill_and_the_rest_on_finish() {
        KeyBatcher batcher = new KeyBatcher(2, handedOver::add);

        List.of("a", "b", "c").forEach(batcher::add);
        assertThat(handedOver).containsExactly(List.of("a", "b"));

        batcher.finish();
        assertThat(handedOver).containsExactly(List.of("a", "b"), List.of("c"));
    }

    @Test
    void finish_hands_over_nothing_when_the_last_batch_was_full_or_no_key_was_added() {
        KeyBatcher batcher = new KeyBatcher(2, handedOver::add);
        batcher.finish();
        assertThat(handedOver).isEmpty();

        List.of("a", "b").forEach(batcher::add);
        batcher.finish();
        assertThat(handedOver).containsExactly(List.of("a", "b"));
    }

    @Test
    void each_batch_is_a_list_of_its_own_that_the_consumer_may_keep_and_change() {
        KeyBatcher batcher = new KeyBatcher(1, batch -> {
            handedOver.add(batch);
            batch.add("added by the consumer");
        });

        batcher.add("a");
        batcher.add("b");

        assertThat(handedOver).containsExactly(List.of("a", "added by the consumer"), List.of("b", "added by the consumer"));
    }

    @Test
    void a_batch_size_below_one_is_refused() {
        assertThatThrownBy(() -> new KeyBatcher(0, handedOver::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchSize must be at least 1 but was 0");
    }
}
