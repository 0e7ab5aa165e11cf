package io.kvsync.demo;

import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The demo's writes: inserts, updates (some changing a key field), deletes and rolled-back
 * transactions. It remembers every key that must no longer be in the store ("retired" keys).
 */
final class Workload {

    private static final int BATCH = 200;

    private final SessionFactory sessionFactory;
    private final boolean progress;
    private final Random random = new Random(42);
    private final List<Long> memberIds = new ArrayList<>();
    private final List<Long> ticketIds = new ArrayList<>();
    /** Members that own tickets are never deleted (the foreign key would refuse it). */
    private final Set<Long> owners = new HashSet<>();
    final Set<String> retiredKeys = new HashSet<>();
    int updates;
    int keyChanges;
    int deletes;
    int rollbacks;

    Workload(SessionFactory sessionFactory, boolean progress) {
        this.sessionFactory = sessionFactory;
        this.progress = progress;
    }

    void insert(int rows) {
        int members = rows / 2;
        int tickets = rows - members;
        try (Progress bar = Progress.start(progress, "insert", rows)) {
            for (int done = 0; done < members; done += BATCH) {
                int count = Math.min(BATCH, members - done);
                List<Member> batch = new ArrayList<>(count);
                sessionFactory.inTransaction(session -> {
                    for (int i = 0; i < count; i++) {
                        Member member = newMember();
                        session.persist(member);
                        batch.add(member);
                    }
                });
                batch.forEach(m -> memberIds.add(m.id));
                bar.stepBy(count);
            }
            // Tickets belong to the first half of the members, so the second half can be deleted.
            List<Long> ownerPool = memberIds.subList(0, Math.max(1, memberIds.size() / 2));
            for (int done = 0; done < tickets; done += BATCH) {
                int count = Math.min(BATCH, tickets - done);
                List<Ticket> batch = new ArrayList<>(count);
                sessionFactory.inTransaction(session -> {
                    for (int i = 0; i < count; i++) {
                        Long ownerId = ownerPool.get(random.nextInt(ownerPool.size()));
                        Ticket ticket = newTicket(session.getReference(Member.class, ownerId));
                        session.persist(ticket);
                        batch.add(ticket);
                        owners.add(ownerId);
                    }
                });
                batch.forEach(t -> ticketIds.add(t.id));
                bar.stepBy(count);
            }
        }
    }

    /** Updates a quarter of the rows; one update in five changes a key field (email or code). */
    void updateQuarter() {
        int members = memberIds.size() / 4;
        int tickets = ticketIds.size() / 4;
        try (Progress bar = Progress.start(progress, "update", members + tickets)) {
            for (int done = 0; done < members; done += BATCH) {
                int count = Math.min(BATCH, members - done);
                int from = done;
                sessionFactory.inTransaction(session -> {
                    for (int i = 0; i < count; i++) {
                        Member member = session.find(Member.class, memberIds.get(from + i));
                        member.level++;
                        member.name = member.name + "*";
                        if (random.nextInt(5) == 0) {
                            retiredKeys.add(member.syncKeys().get("email"));
                            member.email = "changed-" + UUID.randomUUID() + "@example.org";
                            keyChanges++;
                        }
                        updates++;
                    }
                });
                bar.stepBy(count);
            }
            for (int done = 0; done < tickets; done += BATCH) {
                int count = Math.min(BATCH, tickets - done);
                int from = done;
                sessionFactory.inTransaction(session -> {
                    for (int i = 0; i < count; i++) {
                        Ticket ticket = session.find(Ticket.class, ticketIds.get(from + i));
                        ticket.status = Ticket.Status.values()[(ticket.status.ordinal() + 1) % 3];
                        ticket.amount = ticket.amount.add(BigDecimal.ONE);
                        if (random.nextInt(5) == 0) {
                            retiredKeys.add(ticket.syncKeys().get("code"));
                            ticket.code = "T-" + UUID.randomUUID();
                            keyChanges++;
                        }
                        updates++;
                    }
                });
                bar.stepBy(count);
            }
        }
    }

    /** Deletes a tenth of the rows: tickets, and members that own none. */
    void deleteTenth() {
        int target = (memberIds.size() + ticketIds.size()) / 10;
        List<Long> deletableMembers = new ArrayList<>(memberIds);
        deletableMembers.removeAll(owners);
        int ticketsToDelete = Math.min(ticketIds.size(), target / 2);
        int membersToDelete = Math.min(deletableMembers.size(), target - ticketsToDelete);
        try (Progress bar = Progress.start(progress, "delete", ticketsToDelete + membersToDelete)) {
            deleteAll(Ticket.class, ticketIds.subList(ticketIds.size() - ticketsToDelete, ticketIds.size()), bar);
            List<Long> doomed = deletableMembers.subList(deletableMembers.size() - membersToDelete, deletableMembers.size());
            deleteAll(Member.class, doomed, bar);
            memberIds.removeAll(doomed);
            ticketIds.subList(ticketIds.size() - ticketsToDelete, ticketIds.size()).clear();
        }
    }

    private void deleteAll(Class<? extends io.kvsync.api.Syncable> type, List<Long> ids, Progress bar) {
        for (int done = 0; done < ids.size(); done += BATCH) {
            int count = Math.min(BATCH, ids.size() - done);
            List<Long> slice = ids.subList(done, done + count);
            sessionFactory.inTransaction(session -> {
                for (Long id : slice) {
                    io.kvsync.api.Syncable entity = session.find(type, id);
                    retiredKeys.addAll(entity.syncKeys().values());
                    session.remove(entity);
                    deletes++;
                }
            });
            bar.stepBy(count);
        }
    }

    /** Transactions that insert, update and delete, then roll back: none of it may reach the store. */
    void rollBack(int transactions) {
        for (int t = 0; t < transactions; t++) {
            try (Session session = sessionFactory.openSession()) {
                Transaction tx = session.beginTransaction();
                Member ghost = newMember();
                session.persist(ghost);
                Member existing = session.find(Member.class, memberIds.get(random.nextInt(memberIds.size())));
                existing.name = "rolled back";
                session.flush();
                retiredKeys.addAll(ghost.syncKeys().values());
                tx.rollback();
                rollbacks++;
            }
        }
    }

    List<Long> memberIds() {
        return memberIds;
    }

    private Member newMember() {
        String uuid = UUID.randomUUID().toString();
        return new Member(uuid, "m-" + uuid + "@example.org", "member " + random.nextInt(1_000_000),
                random.nextInt(10), Instant.now());
    }

    private Ticket newTicket(Member owner) {
        return new Ticket("T-" + UUID.randomUUID(), "ticket " + random.nextInt(1_000_000), Ticket.Status.OPEN,
                new BigDecimal(random.nextInt(100_000)).movePointLeft(2), Instant.now(), owner);
    }
}
