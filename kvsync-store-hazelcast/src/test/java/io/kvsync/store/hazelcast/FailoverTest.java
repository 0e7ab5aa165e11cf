package io.kvsync.store.hazelcast;

import io.kvsync.spi.KvWrite;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A member crashes: with one synchronous backup per partition, the other two still hold every entry. */
class FailoverTest {

    private static final int KEYS = 10_000;
    private static final int BATCH = 1_000;
    private static final int TOMBSTONES = 100;

    @Test
    @DisplayName("every key written to a three-member cluster still reads after one member is killed")
    void every_key_survives_the_loss_of_a_member() {
        try (TestCluster cluster = TestCluster.start(3);
             HazelcastKvStore store = HazelcastKvStore.builder().instance(cluster.newClient()).mapName("kvsync-failover").build()) {
            List<String> keys = IntStream.range(0, KEYS).mapToObj(i -> "failover:" + i).collect(Collectors.toList());
            List<String> deleted = IntStream.range(0, TOMBSTONES).mapToObj(i -> "failover:deleted:" + i)
                    .collect(Collectors.toList());
            for (int from = 0; from < KEYS; from += BATCH) {
                store.write(puts(keys.subList(from, from + BATCH), from));
            }
            store.write(deleted.stream().<KvWrite>map(key -> new KvWrite.Delete(key, 5)).collect(Collectors.toList()));

            cluster.terminate(1);
            cluster.awaitSize(2);

            Map<String, byte[]> read = store.read(keys);
            List<String> lost = keys.stream().filter(key -> !read.containsKey(key)).collect(Collectors.toList());
            assertThat(lost).as("keys lost with the member").isEmpty();
            for (int i = 0; i < KEYS; i++) {
                assertThat(text(read.get(keys.get(i)))).as("value of %s", keys.get(i)).isEqualTo(value(i));
            }
            // Tombstones are entries too: a late put of an older version must still be refused.
            store.write(deleted.stream().<KvWrite>map(key -> new KvWrite.Put(key, bytes("late"), null, 4))
                    .collect(Collectors.toList()));
            assertThat(store.read(deleted)).as("deleted keys after late puts of older versions").isEmpty();
        }
    }

    /** Puts of {@code keys}, every other one versioned, so that both kinds of entry are checked. */
    private static List<KvWrite> puts(List<String> keys, int firstIndex) {
        List<KvWrite> writes = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            int index = firstIndex + i;
            long version = index % 2 == 0 ? 7 : KvWrite.UNVERSIONED;
            writes.add(new KvWrite.Put(keys.get(i), bytes(value(index)), null, version));
        }
        return writes;
    }

    private static String value(int index) {
        return "value " + index;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
