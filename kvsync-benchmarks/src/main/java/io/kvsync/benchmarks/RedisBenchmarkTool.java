package io.kvsync.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code redis-benchmark -t set -P 16 -d 300} (Redis's own load generator, the peer of replication
 * throughput) and reads its SET rate. Immutable and thread-safe.
 */
final class RedisBenchmarkTool {

    private static final Pattern RATE = Pattern.compile("SET: ([0-9.]+) requests per second");

    private final List<String> command;

    /** @param requests how many SETs one run makes ({@code -n}) */
    RedisBenchmarkTool(URI redis, int requests) {
        this(redis, requests, false);
    }

    /**
     * @param requests how many SETs one run makes ({@code -n})
     * @param cluster  whether {@code redis} is a seed of a Redis Cluster ({@code --cluster}: each SET goes to
     *                 its key's master)
     */
    RedisBenchmarkTool(URI redis, int requests, boolean cluster) {
        List<String> words = new java.util.ArrayList<>(List.of("redis-benchmark", "-h", redis.getHost(), "-p",
                Integer.toString(redis.getPort())));
        if (cluster) {
            words.add("--cluster");
        }
        words.addAll(List.of("-t", "set", "-P", "16", "-d", "300", "-q", "-n", Integer.toString(requests)));
        this.command = List.copyOf(words);
    }

    /** The command line, for the report. */
    String commandLine() {
        return String.join(" ", command);
    }

    /**
     * Runs it once.
     *
     * @return SETs per second
     * @throws IllegalStateException when it fails or prints no rate
     * @throws IOException           when it cannot be started (not installed)
     */
    double setsPerSecond() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            output = String.join("\n", reader.lines().toList());
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException(commandLine() + " failed: " + output);
        }
        // -q rewrites its progress line with carriage returns; the last SET rate is the result.
        Matcher m = RATE.matcher(output);
        double rate = -1;
        while (m.find()) {
            rate = Double.parseDouble(m.group(1));
        }
        if (rate < 0) {
            throw new IllegalStateException("no SET rate in the output of " + commandLine() + ": " + output);
        }
        return rate;
    }
}
