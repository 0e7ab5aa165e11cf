package io.kvsync.marshal.bson;

import org.bson.BsonBinaryWriter;
import org.bson.io.BasicOutputBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class SafetyAndConcurrencyTest {

    static final class Account {
        String owner;
        Limits limits;
    }

    static final class Limits {
        long daily;
    }

    @Test
    void class_names_in_the_bytes_are_plain_unknown_fields_and_never_instantiated() {
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            writer.writeStartDocument();
            writer.writeString("@class", "java.lang.ProcessBuilder");
            writer.writeString("_class", "java.net.URL");
            writer.writeString("owner", "mallory");
            writer.writeStartDocument("limits");
            writer.writeString("@type", "javax.management.BadAttributeValueExpException");
            writer.writeInt64("daily", 5);
            writer.writeEndDocument();
            writer.writeEndDocument();
        }

        Account account = BsonMarshaler.create().unmarshal(buffer.toByteArray(), Account.class);

        assertThat(account.owner).isEqualTo("mallory");
        assertThat(account.limits).isExactlyInstanceOf(Limits.class);
        assertThat(account.limits.daily).isEqualTo(5);
    }

    static final class Chain {
        int index;
        Chain next;
        List<Chain> branches = new ArrayList<>();
    }

    @Test
    void threads_racing_to_build_the_first_codec_all_get_correct_results() throws Exception {
        BsonMarshaler shared = BsonMarshaler.create();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                tasks.add(() -> {
                    int sum = 0;
                    for (int i = 0; i < 200; i++) {
                        Chain chain = new Chain();
                        chain.index = seed + i;
                        chain.next = new Chain();
                        chain.next.index = 1;
                        chain.branches.add(new Chain());
                        Chain back = shared.unmarshal(shared.marshal(chain), Chain.class);
                        sum += back.index + back.next.index + back.branches.size();
                    }
                    return sum;
                });
            }
            List<Future<Integer>> results = pool.invokeAll(tasks);
            for (int t = 0; t < results.size(); t++) {
                int expected = 0;
                for (int i = 0; i < 200; i++) {
                    expected += t + i + 2;
                }
                assertThat(results.get(t).get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
