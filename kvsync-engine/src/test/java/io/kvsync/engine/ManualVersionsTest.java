package io.kvsync.engine;

import io.kvsync.api.SyncReport;
import io.kvsync.api.Syncable;
import io.kvsync.spi.KvWrite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes through the manual API ({@code sync}, {@code enqueue}, {@code delete}) of an entity with a
 * version are fenced by it without the caller passing it: a second JVM replaying older states late
 * cannot overwrite newer ones or bring back keys a key change retired.
 */
class ManualVersionsTest {

    private final List<SyncReport> reports = Engines.reports();
    private final KvSync kv = Engines.builder(Engines.memoryStore(), reports).build();

    @AfterEach
    void close() {
        kv.close();
    }

    private Member stored(String key) {
        return kv.fetchByKey(Member.class, key).orElse(null);
    }

    @Test
    void a_late_sync_of_an_older_state_does_not_replace_the_newer_one() {
        kv.sync(new Member(1, 2, "a@x", "newer"));
        kv.sync(new Member(1, 1, "a@x", "older, replayed late"));

        assertThat(stored("member:id:1").name).isEqualTo("newer");
        assertThat(stored("member:email:a@x").name).isEqualTo("newer");
    }

    @Test
    void a_late_replay_does_not_bring_back_a_key_that_a_newer_state_retired() {
        Member first = new Member(1, 1, "old@x", "first");
        kv.sync(first);
        kv.sync(Change.put(new Member(1, 2, "new@x", "second")).previousKeys(first.syncKeys()));

        kv.enqueue(first); // another instance replays its committed state late
        assertThat(kv.awaitIdle(Duration.ofSeconds(10))).isTrue();

        assertThat(stored("member:email:old@x")).as("the retired key stays gone").isNull();
        assertThat(stored("member:id:1").name).isEqualTo("second");
    }

    @Test
    void a_delete_is_fenced_by_the_version_and_late_puts_of_the_deleted_row_stay_out() {
        kv.sync(new Member(1, 3, "a@x", "current"));
        kv.delete(new Member(1, 2, "a@x", "an older state's delete"));
        assertThat(stored("member:id:1")).as("an older delete leaves the newer state").isNotNull();

        kv.delete(new Member(1, 3, "a@x", "deleted"));
        kv.sync(new Member(1, 3, "a@x", "late put of the deleted state"));
        assertThat(stored("member:id:1")).isNull();
        assertThat(stored("member:email:a@x")).isNull();
    }

    @Test
    void an_explicit_unversioned_write_is_still_applied_unconditionally() {
        kv.sync(new Member(1, 5, "a@x", "version 5"));
        kv.sync(new Member(1, 1, "a@x", "forced"), KvWrite.UNVERSIONED);

        assertThat(stored("member:id:1").name).isEqualTo("forced");
    }

    @Test
    void an_overridden_sync_version_fences_writes_of_entities_without_jpa_annotations() {
        kv.sync(new Revisioned("r-1", 10, "ten"));
        kv.sync(new Revisioned("r-1", 9, "nine, late"));

        assertThat(kv.fetchByKey(Revisioned.class, "revisioned:r-1")).map(r -> r.label).contains("ten");
    }

    /** Says its version itself. */
    public static class Revisioned implements Syncable {
        String code;
        long revision;
        String label;

        public Revisioned() {
        }

        Revisioned(String code, long revision, String label) {
            this.code = code;
            this.revision = revision;
            this.label = label;
        }

        @Override
        public Map<String, String> syncKeys() {
            return Map.of("code", "revisioned:" + code);
        }

        @Override
        public long syncVersion() {
            return revision;
        }
    }
}
