package io.kvsync.engine;

import io.kvsync.api.Keys;
import io.kvsync.api.SyncReport;
import io.kvsync.api.Syncable;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key passed from one row to another through the manual API follows the new row, with any version, and
 * the old row's late writes stay out: in the store, and in the queue where the writes are still pending.
 */
class KeyHandoverTest {

    private static final String EMAIL = "member:email:x@y";

    private final List<SyncReport> reports = Engines.reports();
    private final TestStores.Gated gated = new TestStores.Gated(Engines.memoryStore());
    private final KvSync kv = Engines.builder(gated, reports).workers(1).build();

    @AfterEach
    void close() {
        gated.open();
        kv.close();
    }

    private String nameUnder(String key) {
        return kv.fetchByKey(Member.class, key).map(member -> member.name).orElse(null);
    }

    /** Holds the only worker at the gate, so that what is enqueued next stays pending and is merged. */
    private void holdTheWorker() throws InterruptedException {
        kv.enqueue(new Member(99, 1, "plug@y", "holds the worker"));
        gated.awaitBlockedWrite();
    }

    private void releaseAndWait() {
        gated.open();
        assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void an_email_given_up_by_one_member_is_readable_under_the_member_who_takes_it() {
        gated.open();
        Member a = new Member(1, 3, "x@y", "A");
        kv.sync(Change.insert(a));
        kv.sync(Change.put(new Member(1, 4, "other@y", "A moved")).previousKeys(a.syncKeys()));
        kv.sync(Change.insert(new Member(2, 0, "x@y", "B")));

        assertThat(nameUnder(EMAIL)).isEqualTo("B");
        assertThat(nameUnder("member:email:other@y")).isEqualTo("A moved");
    }

    @Test
    void an_email_handed_from_a_to_b_and_back_to_a_stays_with_a_against_bs_late_retirement() {
        gated.open();
        Member a = new Member(1, 3, "x@y", "A");
        Member b = new Member(2, 7, "b@y", "B");
        kv.sync(Change.insert(a));
        kv.sync(Change.insert(b));
        Member aMoved = new Member(1, 4, "a@y", "A moved");
        kv.sync(Change.put(aMoved).previousKeys(a.syncKeys()));
        Member bTook = new Member(2, 8, "x@y", "B took x");
        kv.sync(Change.put(bTook).previousKeys(b.syncKeys()));
        long stampOfBsRetirement = CommitClock.next();
        Member bMoved = new Member(2, 9, "b2@y", "B moved on");
        kv.sync(Change.put(aMoved.withEmail("x@y", 5, "A took x back")).previousKeys(aMoved.syncKeys()));
        // B's retirement of x committed before A took it back, but arrives after.
        kv.sync(Change.put(bMoved).previousKeys(bTook.syncKeys()).stamp(stampOfBsRetirement));

        assertThat(nameUnder(EMAIL)).isEqualTo("A took x back");
        assertThat(nameUnder("member:email:b2@y")).isEqualTo("B moved on");
    }

    @Test
    void an_email_passes_between_rows_of_two_entity_types() {
        gated.open();
        Member a = new Member(1, 6, "x@y", "A");
        kv.sync(Change.insert(a));
        kv.delete(a);
        kv.sync(Change.insert(new Alias(1, 0, "x@y")));
        assertThat(kv.fetchByKey(Alias.class, EMAIL)).map(alias -> alias.email).contains("x@y");
        assertThat(nameUnder(EMAIL)).as("read as a member, an alias has no name").isNull();

        kv.delete(new Alias(1, 0, "x@y"));
        kv.sync(Change.insert(new Member(3, 0, "x@y", "C")));
        assertThat(nameUnder(EMAIL)).isEqualTo("C");
    }

    /** Another entity type whose key shares the members' email namespace, and whose id 1 is a member's too. */
    public static class Alias implements Syncable {
        @Id
        long id;
        @Version
        long version;
        String email;

        public Alias() {
        }

        Alias(long id, long version, String email) {
            this.id = id;
            this.version = version;
            this.email = email;
        }

        @Override
        public Map<String, String> syncKeys() {
            return Keys.of(this).key("email", "member:email:", email).build();
        }
    }

    @Test
    void a_row_deleted_and_inserted_again_under_its_identifier_is_readable_under_every_key() {
        gated.open();
        kv.sync(Change.insert(new Member(7, 5, "x@y", "old row")));
        kv.delete(new Member(7, 5, "x@y", "old row"));
        kv.sync(Change.insert(new Member(7, 0, "x@y", "new row")));

        assertThat(nameUnder("member:id:7")).isEqualTo("new row");
        assertThat(nameUnder(EMAIL)).isEqualTo("new row");
    }

    @Test
    void a_late_replay_of_the_old_owner_with_its_commit_stamp_stays_out() {
        gated.open();
        long stampOfOldState = CommitClock.next();
        Member a = new Member(1, 3, "x@y", "A");
        kv.sync(Change.insert(a).stamp(stampOfOldState));
        kv.delete(a);
        kv.sync(Change.insert(new Member(2, 0, "x@y", "B")));

        kv.sync(Change.put(a).stamp(stampOfOldState)); // another instance delivers A's state late

        assertThat(nameUnder(EMAIL)).isEqualTo("B");
    }

    @Test
    void while_pending_a_handover_keeps_the_new_owner_over_the_old_owners_late_put() throws InterruptedException {
        holdTheWorker();
        long stampOfOldState = CommitClock.next();
        Member a = new Member(1, 3, "x@y", "A");
        kv.enqueue(Change.insert(a).stamp(stampOfOldState));
        kv.enqueue(Change.delete(a));
        kv.enqueue(Change.insert(new Member(2, 0, "x@y", "B")));
        kv.enqueue(Change.put(a).stamp(stampOfOldState));
        releaseAndWait();

        assertThat(nameUnder(EMAIL)).isEqualTo("B");
        assertThat(nameUnder("member:id:1")).as("A's id key stays deleted").isNull();
    }

    @Test
    void a_row_that_takes_a_key_from_a_pending_owner_is_not_refused_by_its_own_earlier_incarnation()
            throws InterruptedException {
        gated.open();
        // Row 2's earlier incarnation held the email at version 9, then was deleted: its tombstone stays.
        Member oldTwo = new Member(2, 9, "x@y", "old two");
        kv.sync(Change.insert(oldTwo));
        kv.delete(oldTwo);
        holdTheWorker();
        // Row 1 takes the email; row 2, inserted again meanwhile and at version 1 now, takes it back from
        // row 1 by a key change. Merged in the queue, row 2's write must carry the stamp it took the key at.
        kv.enqueue(Change.put(new Member(1, 4, "x@y", "one")));
        kv.enqueue(Change.put(new Member(2, 1, "x@y", "two again")).previousKeys(Map.of("email", "member:email:z@y")));
        releaseAndWait();

        assertThat(nameUnder(EMAIL)).isEqualTo("two again");
    }

    @Test
    void a_row_inserted_again_twice_stays_deleted_when_its_last_delete_overtakes_its_last_insert()
            throws InterruptedException {
        gated.open();
        Member first = new Member(7, 5, "x@y", "first");
        kv.sync(Change.insert(first));
        kv.delete(first);
        long secondInsert = CommitClock.next();
        long secondDelete = CommitClock.next();
        long thirdInsert = CommitClock.next();
        long thirdDelete = CommitClock.next();
        holdTheWorker();
        kv.enqueue(Change.insert(new Member(7, 0, "x@y", "second")).stamp(secondInsert));
        kv.enqueue(Change.delete(new Member(7, 0, "x@y", "second")).stamp(secondDelete));
        // After-commit callbacks of two transactions, out of commit order: the third row's delete first.
        kv.enqueue(Change.delete(new Member(7, 0, "x@y", "third")).stamp(thirdDelete));
        kv.enqueue(Change.insert(new Member(7, 0, "x@y", "third")).stamp(thirdInsert));
        releaseAndWait();

        assertThat(nameUnder("member:id:7")).isNull();
        assertThat(nameUnder(EMAIL)).isNull();
    }

    @Test
    void an_insert_merged_into_its_update_while_pending_still_replaces_the_old_rows_tombstone()
            throws InterruptedException {
        Member oldRow = new Member(7, 5, "x@y", "old row");
        gated.open();
        kv.sync(Change.insert(oldRow));
        kv.delete(oldRow);
        // A second engine on the same store, whose close leaves the store open for the reads below.
        TestStores.Gated second = new TestStores.Gated(new TestStores.Forwarding(gated) {
            @Override
            public void close() {
            }
        });
        try (KvSync held = Engines.builder(second, reports).workers(1).build()) {
            held.enqueue(new Member(99, 1, "plug@y", "holds the worker"));
            second.awaitBlockedWrite();
            held.enqueue(Change.insert(new Member(7, 0, "x@y", "new row")));
            held.enqueue(Change.put(new Member(7, 1, "x@y", "new row, updated")));
            second.open();
            assertThat(held.awaitIdle(Duration.ofSeconds(30))).isTrue();
        }

        assertThat(nameUnder("member:id:7")).isEqualTo("new row, updated");
        assertThat(nameUnder(EMAIL)).isEqualTo("new row, updated");
    }
}
