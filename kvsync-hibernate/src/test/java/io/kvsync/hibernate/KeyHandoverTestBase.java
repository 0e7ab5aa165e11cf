package io.kvsync.hibernate;

import io.kvsync.engine.KvSync;
import io.kvsync.spi.KvWrite;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys that pass from one row to another through the Hibernate integration: a unique email given up by
 * one member (deleted, or changed away) and taken by another, handed back, taken by a row of another
 * type, and a product deleted and inserted again under its assigned SKU. Whatever the versions of the two
 * rows, the key must end with the row that holds it in the database, and the earlier owner's writes,
 * replayed late, must stay out. Run once per database.
 */
abstract class KeyHandoverTestBase {

    private static final String EMAIL = "account:email:x@example.com";

    abstract String jdbcUrl();

    private HibernateFixture.RecordingStore store;
    private KvSync kv;
    private SessionFactory sessionFactory;

    @BeforeEach
    void start() {
        store = new HibernateFixture.RecordingStore();
        kv = HibernateFixture.kvSync(store);
        sessionFactory = HibernateFixture.build(HibernateFixture.configuration(jdbcUrl(), null));
        KvSyncHibernate.register(sessionFactory, kv);
    }

    @AfterEach
    void stop() {
        if (sessionFactory != null) {
            sessionFactory.close();
        }
        if (kv != null) {
            kv.close();
        }
    }

    private Member member(String email, String name) {
        Member member = new Member(email, name);
        sessionFactory.inTransaction(session -> session.persist(member));
        return member;
    }

    /** Renames the member {@code times} times, so that its version climbs above a new row's. */
    private void rename(Member member, int times) {
        for (int i = 0; i < times; i++) {
            int round = i;
            sessionFactory.inTransaction(session -> session.find(Member.class, member.id).name = member.name + " #" + round);
        }
    }

    private void changeEmail(Member member, String email) {
        sessionFactory.inTransaction(session -> session.find(Member.class, member.id).email = email);
    }

    private void delete(Class<?> type, Object id) {
        sessionFactory.inTransaction(session -> session.remove(session.find(type, id)));
    }

    /** The member or organization stored under {@code key}, as "Member 3 v0", or {@code null}. */
    private String holderOf(String key) {
        idle();
        byte[] bytes = kv.fetchBytes(List.of(key)).get(key);
        if (bytes == null) {
            return null;
        }
        if (key.startsWith("product:")) {
            Product product = kv.fetchByKey(Product.class, key).orElseThrow();
            return "Product " + product.sku + " " + product.title + " v" + product.version;
        }
        Member asMember = kv.fetchByKey(Member.class, key).orElseThrow();
        if (asMember.name != null) {
            return "Member " + asMember.id + " v" + asMember.version;
        }
        Organization asOrganization = kv.fetchByKey(Organization.class, key).orElseThrow();
        return "Organization " + asOrganization.id + " v" + asOrganization.version;
    }

    private void idle() {
        assertThat(kv.awaitIdle(Duration.ofSeconds(30))).as("replication finished").isTrue();
    }

    /** Every write the store was given so far under {@code key}. */
    private List<KvWrite> writesOf(String key) {
        idle();
        return store.writes.stream().filter(write -> write.key().equals(key)).toList();
    }

    /** Gives the store {@code writes} again, as another JVM or a retry would, late. */
    private void replay(List<KvWrite> writes) {
        store.delegate.write(writes);
    }

    /** The version A's writes carried last (Hibernate keeps it on delete). */
    private long versionBeforeDelete(Member a) {
        return writesOf("member:id:" + a.id).stream().mapToLong(KvWrite::version).max().orElseThrow();
    }

    @Test
    void an_email_whose_member_was_deleted_is_readable_under_the_member_who_signs_up_with_it() {
        Member a = member("x@example.com", "A");
        rename(a, 3);
        delete(Member.class, a.id);
        Member b = member("x@example.com", "B");

        assertThat(versionBeforeDelete(a)).as("the old row's version is above the new row's").isGreaterThan(b.version);
        assertThat(holderOf(EMAIL)).isEqualTo("Member " + b.id + " v0");
        assertThat(holderOf("member:id:" + a.id)).isNull();
    }

    @Test
    void an_email_changed_away_several_times_is_readable_under_the_member_who_takes_it() {
        Member a = member("x@example.com", "A");
        changeEmail(a, "y@example.com");
        changeEmail(a, "z@example.com");
        Member b = member("x@example.com", "B");

        assertThat(holderOf(EMAIL)).isEqualTo("Member " + b.id + " v0");
        assertThat(holderOf("account:email:y@example.com")).isNull();
        assertThat(holderOf("account:email:z@example.com")).isEqualTo("Member " + a.id + " v2");
    }

    @Test
    void an_email_handed_from_a_to_b_and_back_to_a_is_readable_under_a() {
        Member a = member("x@example.com", "A");
        Member b = member("b@example.com", "B");
        changeEmail(a, "a@example.com");
        changeEmail(b, "x@example.com");
        changeEmail(b, "b2@example.com");
        changeEmail(a, "x@example.com");

        assertThat(holderOf(EMAIL)).isEqualTo("Member " + a.id + " v2");
        assertThat(holderOf("account:email:b2@example.com")).isEqualTo("Member " + b.id + " v2");
        assertThat(holderOf("account:email:a@example.com")).isNull();
        assertThat(holderOf("account:email:b@example.com")).isNull();
    }

    @Test
    void an_email_passes_between_a_member_and_an_organization_in_both_directions() {
        Member a = member("x@example.com", "A");
        rename(a, 2);
        delete(Member.class, a.id);
        Organization org = new Organization("x@example.com", "Org");
        sessionFactory.inTransaction(session -> session.persist(org));
        assertThat(holderOf(EMAIL)).isEqualTo("Organization " + org.id + " v0");

        sessionFactory.inTransaction(session -> session.find(Organization.class, org.id).email = "org@example.com");
        Member c = member("x@example.com", "C");
        assertThat(holderOf(EMAIL)).isEqualTo("Member " + c.id + " v0");
        assertThat(holderOf("account:email:org@example.com")).isEqualTo("Organization " + org.id + " v1");
    }

    @Test
    void a_member_deleted_and_replaced_in_one_transaction_leaves_the_email_with_the_new_member() {
        Member a = member("x@example.com", "A");
        rename(a, 2);
        Member b = new Member("x@example.com", "B");
        sessionFactory.inTransaction(session -> {
            session.remove(session.find(Member.class, a.id));
            session.flush(); // the unique email is free only once the delete has run
            session.persist(b);
        });

        assertThat(holderOf(EMAIL)).isEqualTo("Member " + b.id + " v0");
    }

    @Test
    void two_members_swapping_emails_in_one_transaction_each_end_under_the_others_old_email() {
        Member a = member("a@example.com", "A");
        Member b = member("b@example.com", "B");
        sessionFactory.inTransaction(session -> {
            Member first = session.find(Member.class, a.id);
            Member second = session.find(Member.class, b.id);
            first.email = "swap@example.com";
            session.flush();
            second.email = "a@example.com";
            session.flush();
            first.email = "b@example.com";
        });

        assertThat(holderOf("account:email:a@example.com")).startsWith("Member " + b.id + " ");
        assertThat(holderOf("account:email:b@example.com")).startsWith("Member " + a.id + " ");
        assertThat(holderOf("account:email:swap@example.com")).isNull();
    }

    @Test
    void a_product_deleted_and_inserted_again_under_its_sku_is_readable_under_every_key() {
        Product old = new Product("SKU-1", "lamp", "old lamp");
        sessionFactory.inTransaction(session -> session.persist(old));
        for (int i = 0; i < 3; i++) {
            int round = i;
            sessionFactory.inTransaction(session -> session.find(Product.class, "SKU-1").title = "old lamp #" + round);
        }
        delete(Product.class, "SKU-1");
        sessionFactory.inTransaction(session -> session.persist(new Product("SKU-1", "lamp", "new lamp")));

        assertThat(holderOf("product:sku:SKU-1")).isEqualTo("Product SKU-1 new lamp v0");
        assertThat(holderOf("product:slug:lamp")).isEqualTo("Product SKU-1 new lamp v0");
    }

    @Test
    void the_old_rows_writes_replayed_late_never_replace_or_remove_the_new_owner() {
        // Each change replicated before the next, so that the lane cannot coalesce A's writes into one.
        Member a = member("x@example.com", "A");
        idle();
        rename(a, 1);
        idle();
        changeEmail(a, "elsewhere@example.com");
        List<KvWrite> fromA = writesOf(EMAIL);
        Member b = member("x@example.com", "B");
        assertThat(fromA).as("A's insert, its update and its retirement of the email")
                .hasExactlyElementsOfTypes(KvWrite.Put.class, KvWrite.Put.class, KvWrite.Delete.class);

        replay(fromA);
        assertThat(holderOf(EMAIL)).isEqualTo("Member " + b.id + " v0");
        List<KvWrite> newestFirst = new java.util.ArrayList<>(fromA);
        java.util.Collections.reverse(newestFirst);
        replay(newestFirst);
        assertThat(holderOf(EMAIL)).isEqualTo("Member " + b.id + " v0");
    }

    @Test
    void the_old_rows_late_writes_never_remove_a_product_inserted_again_under_its_sku() {
        sessionFactory.inTransaction(session -> session.persist(new Product("SKU-2", "desk", "old desk")));
        sessionFactory.inTransaction(session -> session.find(Product.class, "SKU-2").title = "old desk, renamed");
        delete(Product.class, "SKU-2");
        List<KvWrite> oldRow = writesOf("product:sku:SKU-2");
        sessionFactory.inTransaction(session -> session.persist(new Product("SKU-2", "desk", "new desk")));

        replay(oldRow);
        assertThat(holderOf("product:sku:SKU-2")).isEqualTo("Product SKU-2 new desk v0");
    }

    @Test
    void a_product_inserted_again_takes_back_by_a_slug_change_a_slug_its_earlier_row_gave_up() {
        sessionFactory.inTransaction(session -> session.persist(new Product("SKU-9", "lamp", "old lamp")));
        for (int i = 0; i < 3; i++) {
            int round = i;
            sessionFactory.inTransaction(session -> session.find(Product.class, "SKU-9").title = "old lamp #" + round);
        }
        sessionFactory.inTransaction(session -> session.find(Product.class, "SKU-9").slug = "old-lamp");
        delete(Product.class, "SKU-9");
        sessionFactory.inTransaction(session -> session.persist(new Product("SKU-9", "new-lamp", "new lamp")));
        // The new row's version (1) is below that of the old row's retirement of "lamp" (4), and its insert
        // never wrote "lamp": only its birth tells the store that it is not the old row.
        sessionFactory.inTransaction(session -> session.find(Product.class, "SKU-9").slug = "lamp");

        assertThat(holderOf("product:slug:lamp")).isEqualTo("Product SKU-9 new lamp v1");
        assertThat(holderOf("product:slug:new-lamp")).isNull();
        assertThat(holderOf("product:slug:old-lamp")).isNull();
    }

    @Test
    void a_deleted_rows_late_puts_stay_fenced_while_no_row_takes_its_keys() {
        Member a = member("x@example.com", "A");
        rename(a, 2);
        List<KvWrite> puts = writesOf(EMAIL);
        delete(Member.class, a.id);

        replay(puts);
        assertThat(holderOf(EMAIL)).isNull();
        assertThat(holderOf("member:id:" + a.id)).isNull();
    }
}
