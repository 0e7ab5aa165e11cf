package io.kvsync.store.hazelcast.internal;

import com.hazelcast.nio.serialization.HazelcastSerializationException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class StoreErrorsTest {

    private final StoreErrors errors = new StoreErrors("HazelcastKvStore[map=m]");

    @Test
    void a_failure_names_the_store_the_operation_the_keys_and_the_unwrapped_cause() {
        IllegalStateException cause = new IllegalStateException("boom");

        assertThat(errors.failed("write", 3, "user:1", new CompletionException(cause)))
                .hasMessage("HazelcastKvStore[map=m]: write of 3 key(s), the first being \"user:1\", failed:"
                        + " java.lang.IllegalStateException: boom")
                .hasCause(cause);
    }

    @Test
    void a_member_that_cannot_load_the_entry_processor_gets_a_hint_about_the_class_path() {
        HazelcastSerializationException cause = new HazelcastSerializationException(
                "java.lang.ClassNotFoundException: io.kvsync.store.hazelcast.internal.WriteProcessor");

        assertThat(errors.writesFailed(2, 5, "user:1", cause).getMessage())
                .startsWith("HazelcastKvStore[map=m]: write of 2 of 5 key(s) failed, the first being \"user:1\": ")
                .endsWith("put the kvsync-store-hazelcast and kvsync-api jars on every member's class path)");
    }

    @Test
    void other_serialization_failures_get_no_such_hint() {
        HazelcastSerializationException cause = new HazelcastSerializationException("com.example.Other not found");

        assertThat(errors.failed("write", 1, "k", cause).getMessage()).doesNotContain("class path");
    }
}
