package io.kvsync.it.outage;

import io.kvsync.api.SyncReport;
import io.kvsync.engine.KvSync;
import io.kvsync.it.support.Cleanup;
import io.kvsync.it.support.Eventually;
import io.kvsync.it.support.RedisProcess;
import io.kvsync.it.support.ReportLog;
import io.kvsync.it.support.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code close()} with ten thousand writes pending: it drains them, or reports exactly the ones it could not write. */
class CloseUnderFaultsTest {

    private static final int PENDING = 10_000;

    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void cleanUp() {
        cleanup.close();
    }

    @Test
    void close_drains_ten_thousand_held_back_writes_within_its_timeout_once_the_link_heals() {
        RedisProcess redis = cleanup.add(RedisProcess.launch());
        TcpProxy link = cleanup.add(TcpProxy.to(redis.port()));
        ReportLog reports = new ReportLog();
        // A command timeout longer than the hold: the held batches wait in the store rather than fail.
        KvSync kv = cleanup.add(Engines.writer(Engines.redis(link.redisUri(), Duration.ofSeconds(30)), reports,
                Duration.ofSeconds(30)).build());
        KvSync reader = cleanup.add(Engines.reader(redis.uri()));

        link.blackHole();
        for (int i = 0; i < PENDING; i++) {
            kv.enqueue(new Ticket(i, "holder-" + i));
        }
        int pendingAtClose = kv.stats().pending();
        Thread healer = new Thread(() -> {
            Eventually.pause(500);
            link.heal();
        }, "healer");
        healer.setDaemon(true);
        healer.start();
        kv.close();
        join(healer);

        assertThat(pendingAtClose).as("every write was held back by the black hole until close").isEqualTo(PENDING);
        assertThat(reports.failedSince(0)).as("nothing failed").isEmpty();
        assertThat(reports.all()).extracting(SyncReport::key).containsExactlyInAnyOrderElementsOf(ticketKeys(0, PENDING));
        assertThat(kv.stats().written()).isEqualTo(PENDING);
        assertThat(kv.stats().pending()).isZero();
        Map<String, Ticket> stored = reader.fetchAll(Ticket.class, ticketKeys(0, PENDING));
        assertThat(stored).hasSize(PENDING)
                .allSatisfy((key, ticket) -> assertThat(Ticket.keyOf(ticket.number)).isEqualTo(key))
                .allSatisfy((key, ticket) -> assertThat(ticket.holder).isEqualTo("holder-" + ticket.number));
    }

    @Test
    void close_with_redis_stopped_gives_up_at_its_timeout_and_reports_exactly_the_keys_it_did_not_write() {
        RedisProcess redis = cleanup.add(RedisProcess.launch());
        ReportLog reports = new ReportLog();
        KvSync kv = cleanup.add(Engines.writer(Engines.redis(redis.uri(), Duration.ofSeconds(1)), reports,
                Duration.ofSeconds(2)).build());
        int written = 2_000;
        int updatedWhileDown = 500;
        for (int i = 0; i < written; i++) {
            kv.enqueue(new Ticket(i, "first"));
        }
        assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();

        redis.stop();
        int outageStart = reports.mark();
        Set<String> enqueuedWhileDown = new HashSet<>();
        for (int i = 0; i < updatedWhileDown; i++) {
            kv.enqueue(new Ticket(i, "second"));
            enqueuedWhileDown.add(Ticket.keyOf(i));
        }
        for (int i = written; i < written + PENDING - updatedWhileDown; i++) {
            kv.enqueue(new Ticket(i, "second"));
            enqueuedWhileDown.add(Ticket.keyOf(i));
        }
        int pendingAtClose = kv.stats().pending();
        int closeStart = reports.mark();
        kv.close();
        List<SyncReport> duringClose = reports.since(closeStart);

        assertThat(pendingAtClose).isEqualTo(PENDING);
        assertThat(reports.since(outageStart, SyncReport::ok)).as("no write enqueued while Redis was down was acknowledged")
                .isEmpty();
        List<String> givenUp = duringClose.stream()
                .filter(report -> !report.ok() && report.error().getMessage().contains("shutdown timeout"))
                .map(SyncReport::key)
                .toList();
        assertThat(givenUp).as("each key given up is reported once").doesNotHaveDuplicates();
        assertThat(new HashSet<>(givenUp)).as("the keys given up are exactly those enqueued and not acknowledged")
                .isEqualTo(enqueuedWhileDown);
        assertThat(kv.stats().pending()).isZero();

        // What Redis holds agrees: the first writes, and none of those reported as not written.
        redis.start();
        KvSync reader = cleanup.add(Engines.reader(redis.uri()));
        Map<String, Ticket> stored = reader.fetchAll(Ticket.class, ticketKeys(0, written + PENDING - updatedWhileDown));
        assertThat(stored.keySet()).isEqualTo(new HashSet<>(ticketKeys(0, written)));
        assertThat(stored.values()).extracting(ticket -> ticket.holder).containsOnly("first");
    }

    private static void join(Thread thread) {
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static List<String> ticketKeys(int from, int to) {
        return IntStream.range(from, to).mapToObj(Ticket::keyOf).collect(Collectors.toCollection(ArrayList::new));
    }
}
