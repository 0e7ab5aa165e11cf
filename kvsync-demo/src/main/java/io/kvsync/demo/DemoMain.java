package io.kvsync.demo;

import io.kvsync.api.KvSyncException;
import org.hibernate.HibernateException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The demo's command line: replicate a Hibernate workload into a key-value store, verify every key
 * against the database, and print what it cost.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, version = "KVSync demo 0.1.0",
        description = "Writes entities through Hibernate, lets KVSync replicate them, and verifies every key.")
public final class DemoMain implements Callable<Integer> {

    /** The stores the demo knows how to configure. */
    enum StoreChoice { memory, redis, hazelcast }

    /** The marshalers the demo can use. */
    enum MarshalerChoice { bson, json }

    @Option(names = "--store", description = "Key-value store: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    StoreChoice store = StoreChoice.memory;

    @Option(names = "--redis-uri", description = "Redis URI for --store redis (default: ${DEFAULT-VALUE}).")
    String redisUri = "redis://127.0.0.1:6379";

    @Option(names = "--jdbc-url", description = "Database (default: an in-memory H2). PostgreSQL example: "
            + "jdbc:postgresql://127.0.0.1:5432/test?user=postgres")
    String jdbcUrl;

    @Option(names = "--marshaler", description = "Marshaler: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    MarshalerChoice marshaler = MarshalerChoice.bson;

    @Option(names = "--rows", description = "Rows to insert, half members and half tickets (default: ${DEFAULT-VALUE}).")
    int rows = 20_000;

    @Option(names = "--workers", description = "KVSync worker lanes (default: ${DEFAULT-VALUE}).")
    int workers = 4;

    @Option(names = "--no-progress", description = "Do not draw progress bars.")
    boolean noProgress;

    private PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the demo and returns its exit code: 0 when every key verified, 1 otherwise, 2 for bad options. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        quietLibraries();
        DemoMain demo = new DemoMain();
        demo.out = out;
        CommandLine commandLine = new CommandLine(demo)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setParameterExceptionHandler((e, a) -> {
                    err.println("error: " + e.getMessage() + " (see --help)");
                    return 2;
                })
                .setExecutionExceptionHandler((e, line, parsed) -> {
                    err.println("error: " + describe(e));
                    return 1;
                });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() {
        if (rows < 10) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--rows must be at least 10, was " + rows);
        }
        if (workers < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--workers must be at least 1, was " + workers);
        }
        DemoSettings settings = new DemoSettings(store.name(), redisUri, jdbcUrl, marshaler.name(), rows, workers, !noProgress);
        DemoReport report = new DemoRun(settings, out).run();
        report.print(out);
        return report.mismatches().isEmpty() ? 0 : 1;
    }

    /** One line for the user: the message, and the root cause when it adds something. */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e instanceof KvSyncException || e instanceof HibernateException || root == e
                ? e.getMessage() : e.getMessage() + " (" + root.getMessage() + ")";
        if (root != e && !message.contains(String.valueOf(root.getMessage()))) {
            message += " (" + root.getMessage() + ")";
        }
        return message;
    }

    /** Library chatter (Hibernate's pool warning, KVSync's start-up line) would drown the demo's output. */
    private static void quietLibraries() {
        Logger.getLogger("org.hibernate").setLevel(Level.SEVERE);
        Logger.getLogger("io.kvsync").setLevel(Level.WARNING);
        Logger.getLogger("com.hazelcast").setLevel(Level.WARNING);
        Logger.getLogger("io.lettuce").setLevel(Level.WARNING);
        Logger.getLogger("io.netty").setLevel(Level.WARNING);
    }
}
