package io.kvsync.spi;

import io.kvsync.spi.KvWrite.Claim;
import io.kvsync.spi.KvWrite.Held;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fencing rule of {@link KvWrite#admit}, case by case, with owners A and B and stamps in commit order. */
class KvWriteAdmitTest {

    private static final String A = "Customer:1";
    private static final String B = "Customer:2";

    private static KvWrite put(long version, Claim claim) {
        return new KvWrite.Put("email", new byte[0], null, version, claim);
    }

    private static KvWrite delete(long version, Claim claim) {
        return new KvWrite.Delete("email", version, claim);
    }

    private static Claim claim(String owner, long stamp) {
        return new Claim(owner, stamp, 0);
    }

    private static Held value(long version, Claim claim) {
        return new Held(version, false, claim);
    }

    private static Held tombstone(long version, Claim claim) {
        return new Held(version, true, claim);
    }

    @Test
    void a_claim_over_nothing_applies_and_keeps_its_birth() {
        assertThat(put(0, Claim.ofInsert(A, 10)).admit(null)).isEqualTo(10);
        assertThat(put(3, claim(A, 10)).admit(null)).isZero();
    }

    @Test
    void another_rows_later_put_takes_a_key_retired_at_a_higher_version_and_holds_it_from_its_stamp() {
        Held retiredByA = tombstone(7, claim(A, 10));

        assertThat(put(0, Claim.ofInsert(B, 20)).admit(retiredByA)).isEqualTo(20);
        assertThat(put(7, claim(B, 20)).admit(retiredByA)).as("equal version").isEqualTo(20);
        assertThat(put(9, claim(B, 20)).admit(retiredByA)).as("higher version").isEqualTo(20);
    }

    @Test
    void a_row_that_took_a_key_from_another_refuses_its_own_writes_from_before_it_took_it() {
        // B took the key at 20 with an update (its birth unknown); B's earlier incarnation wrote version 9 at 5.
        Held takenByB = value(1, new Claim(B, 20, 20));

        assertThat(put(9, claim(B, 5)).admit(takenByB)).as("an earlier incarnation's put").isEqualTo(KvWrite.REFUSED);
        assertThat(delete(9, claim(B, 5)).admit(takenByB)).as("an earlier incarnation's delete").isEqualTo(KvWrite.REFUSED);
        assertThat(put(2, claim(B, 30)).admit(takenByB)).as("B's next state").isEqualTo(20);
    }

    @Test
    void another_rows_earlier_writes_never_replace_the_current_owner() {
        Held ownedByB = value(0, Claim.ofInsert(B, 20));

        assertThat(put(7, claim(A, 10)).admit(ownedByB)).as("A's late put").isEqualTo(KvWrite.REFUSED);
        assertThat(delete(7, claim(A, 15)).admit(ownedByB)).as("A's late retirement").isEqualTo(KvWrite.REFUSED);
    }

    @Test
    void a_late_retirement_by_the_owner_in_between_does_not_remove_the_key_taken_back() {
        Held takenBackByA = value(9, claim(A, 30));

        assertThat(delete(2, claim(B, 25)).admit(takenBackByA)).isEqualTo(KvWrite.REFUSED);
    }

    @Test
    void equal_stamps_of_two_owners_are_ordered_by_owner_so_every_store_agrees() {
        assertThat(put(1, claim(B, 10)).admit(value(5, claim(A, 10)))).isEqualTo(10);
        assertThat(put(5, claim(A, 10)).admit(value(1, claim(B, 10)))).isEqualTo(KvWrite.REFUSED);
    }

    @Test
    void with_equal_stamps_one_rows_put_wins_over_another_rows_delete_whichever_comes_first() {
        // One transaction swapped values: A's delete and B's put of the same key carry the same stamp.
        assertThat(put(4, claim(B, 10)).admit(tombstone(3, claim(A, 10)))).isEqualTo(10);
        assertThat(delete(3, claim(A, 10)).admit(value(4, claim(B, 10)))).isEqualTo(KvWrite.REFUSED);
        assertThat(delete(3, claim("Customer:9", 10)).admit(value(4, claim(B, 10)))).as("whatever the owners' order")
                .isEqualTo(KvWrite.REFUSED);
    }

    @Test
    void a_later_delete_of_a_deleted_row_is_a_later_incarnations_and_fences_from_just_after_the_tombstone() {
        Held deleted = tombstone(5, claim(A, 60));

        assertThat(delete(0, claim(A, 90)).admit(deleted)).isEqualTo(61);
        assertThat(delete(0, new Claim(A, 90, 80)).admit(deleted)).as("its birth known").isEqualTo(80);
        assertThat(delete(5, claim(A, 60)).admit(deleted)).as("the same delete again").isEqualTo(KvWrite.REFUSED);
    }

    @Test
    void states_of_one_row_are_still_ordered_by_version() {
        Held v5 = value(5, claim(A, 50));

        assertThat(put(4, claim(A, 60)).admit(v5)).as("older version, later stamp").isEqualTo(KvWrite.REFUSED);
        assertThat(put(6, claim(A, 40)).admit(v5)).as("newer version, earlier stamp").isZero();
        assertThat(delete(5, claim(A, 60)).admit(v5)).as("the delete of the held version").isZero();
        assertThat(put(5, claim(A, 70)).admit(tombstone(5, claim(A, 60)))).as("a late put of the deleted version")
                .isEqualTo(KvWrite.REFUSED);
    }

    @Test
    void a_row_inserted_again_under_its_identifier_replaces_the_old_rows_tombstone() {
        Held deleted = tombstone(5, new Claim(A, 60, 10));

        assertThat(put(0, Claim.ofInsert(A, 70)).admit(deleted)).isEqualTo(70);
    }

    @Test
    void writes_of_an_earlier_incarnation_never_replace_the_new_one() {
        Held reinserted = value(0, Claim.ofInsert(A, 70));

        assertThat(put(5, claim(A, 50)).admit(reinserted)).as("the old row's late put").isEqualTo(KvWrite.REFUSED);
        assertThat(delete(5, claim(A, 60)).admit(reinserted)).as("the old row's late delete").isEqualTo(KvWrite.REFUSED);
        assertThat(put(1, claim(A, 80)).admit(reinserted)).as("the new row's update keeps its birth").isEqualTo(70);
    }

    @Test
    void without_a_claim_on_either_side_the_version_rule_decides() {
        assertThat(put(0, Claim.ofInsert(B, 20)).admit(tombstone(7, null))).isEqualTo(KvWrite.REFUSED);
        assertThat(put(8, null).admit(tombstone(7, claim(A, 10)))).isZero();
        assertThat(put(7, null).admit(value(7, claim(A, 10)))).isEqualTo(KvWrite.REFUSED);
    }

    @Test
    void unversioned_writes_and_values_are_not_fenced() {
        assertThat(KvWrite.Put.of("email", new byte[0]).admit(tombstone(7, claim(A, 10)))).isZero();
        assertThat(put(1, claim(A, 5)).admit(value(KvWrite.UNVERSIONED, null))).isZero();
    }

    @Test
    void a_claim_names_what_is_wrong_with_it() {
        assertThatThrownBy(() -> new Claim(" ", 1, 0)).hasMessageContaining("owner");
        assertThatThrownBy(() -> new Claim(A, 0, 0)).hasMessageContaining("stamp").hasMessageContaining(A);
        assertThatThrownBy(() -> new Claim(A, 5, 6)).hasMessageContaining("born").hasMessageContaining(A);
    }

    @Test
    void owners_tie_in_code_point_order() {
        Claim bmp = claim("\uFFFD", 1);
        Claim supplementary = claim("\uD83D\uDE00", 1);

        assertThat(supplementary.commitsAfter(bmp)).as("U+1F600 after U+FFFD, as in UTF-8").isTrue();
        assertThat(claim("ab", 1).commitsAfter(claim("a", 1))).isTrue();
    }
}
