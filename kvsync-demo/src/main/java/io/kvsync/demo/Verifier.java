package io.kvsync.demo;

import io.kvsync.api.Syncable;
import io.kvsync.engine.KvSync;
import org.hibernate.SessionFactory;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;

/** Compares every key of every row in the database with the store, and checks retired keys are gone. */
final class Verifier {

    private static final int CHUNK = 1_000;

    private final SessionFactory sessionFactory;
    private final KvSync kv;

    /** What was checked and what differed. */
    record Result(int rows, int keys, int retiredChecked, List<String> mismatches) {
    }

    Verifier(SessionFactory sessionFactory, KvSync kv) {
        this.sessionFactory = sessionFactory;
        this.kv = kv;
    }

    Result verify(Set<String> retiredKeys) {
        List<Member> members = sessionFactory.fromSession(s -> s.createSelectionQuery("from Member", Member.class).getResultList());
        List<Ticket> tickets = sessionFactory.fromSession(s -> s.createSelectionQuery("from Ticket", Ticket.class).getResultList());
        List<String> mismatches = new ArrayList<>();
        Set<String> live = new HashSet<>();
        int keys = compare(Member.class, members, Verifier::sameMember, mismatches, live)
                + compare(Ticket.class, tickets, Verifier::sameTicket, mismatches, live);
        List<String> retired = new ArrayList<>(retiredKeys);
        retired.removeAll(live);
        for (int from = 0; from < retired.size(); from += CHUNK) {
            List<String> chunk = retired.subList(from, Math.min(retired.size(), from + CHUNK));
            List<String> memberKeys = chunk.stream().filter(k -> k.startsWith("member:")).toList();
            List<String> ticketKeys = chunk.stream().filter(k -> !k.startsWith("member:")).toList();
            kv.fetchAll(Member.class, memberKeys).keySet()
                    .forEach(key -> mismatches.add(key + ": no row justifies it, yet the store has it"));
            kv.fetchAll(Ticket.class, ticketKeys).keySet()
                    .forEach(key -> mismatches.add(key + ": no row justifies it, yet the store has it"));
        }
        return new Result(members.size() + tickets.size(), keys, retired.size(), mismatches);
    }

    private <T extends Syncable> int compare(Class<T> type, List<T> rows, BiPredicate<T, T> same, List<String> mismatches,
                                             Set<String> live) {
        int keys = 0;
        List<String> chunkKeys = new ArrayList<>();
        List<T> chunkRows = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            T row = rows.get(i);
            for (String key : row.syncKeys().values()) {
                chunkKeys.add(key);
                chunkRows.add(row);
                live.add(key);
                keys++;
            }
            if (chunkKeys.size() >= CHUNK || i == rows.size() - 1) {
                Map<String, T> stored = kv.fetchAll(type, chunkKeys);
                for (int k = 0; k < chunkKeys.size(); k++) {
                    T got = stored.get(chunkKeys.get(k));
                    if (got == null || !same.test(chunkRows.get(k), got)) {
                        mismatches.add(chunkKeys.get(k) + ": the database and the store differ");
                    }
                }
                chunkKeys.clear();
                chunkRows.clear();
            }
        }
        return keys;
    }

    private static boolean sameMember(Member db, Member kv) {
        return Objects.equals(db.id, kv.id) && Objects.equals(db.uuid, kv.uuid) && Objects.equals(db.email, kv.email)
                && Objects.equals(db.name, kv.name) && db.level == kv.level && db.version == kv.version
                && sameInstant(db.joinedAt, kv.joinedAt);
    }

    private static boolean sameTicket(Ticket db, Ticket kv) {
        return Objects.equals(db.id, kv.id) && Objects.equals(db.code, kv.code) && Objects.equals(db.title, kv.title)
                && db.status == kv.status && db.amount.compareTo(kv.amount) == 0 && db.version == kv.version
                && sameInstant(db.createdAt, kv.createdAt);
    }

    /** Databases keep micro- (or milli-)seconds; the replicated object kept what Java had. */
    private static boolean sameInstant(java.time.Instant db, java.time.Instant kv) {
        return db == null ? kv == null : kv != null
                && Math.abs(ChronoUnit.MICROS.between(db, kv)) <= 1_000;
    }
}
