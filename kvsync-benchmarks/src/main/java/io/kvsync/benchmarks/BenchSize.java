package io.kvsync.benchmarks;

/**
 * How much the end-to-end report does: rounds (each figure is the median over them) and the work of
 * each scenario per round.
 *
 * @param rounds                 rounds of every scenario
 * @param replicationEntities    entities (three keys each) per replication run
 * @param replicationWarmUps     untimed replication runs of that size, of each kind, before the first round
 * @param redisBenchmarkRequests SETs per {@code redis-benchmark} run
 * @param transactions           single-entity transactions per arm of the commit scenario
 * @param warmUpTransactions     untimed transactions per factory before the first round
 * @param readSamples            reads of each kind per round
 * @param lagCommits             paced commits per round of the lag scenario
 * @param batchRepeats           {@code fetchAll} / single-fetch pairs per round
 * @param relayRows              outbox rows a crash leaves for the relay of scenario 6 (one commit each)
 */
record BenchSize(int rounds, int replicationEntities, int replicationWarmUps, int redisBenchmarkRequests, int transactions,
                 int warmUpTransactions, int readSamples, int lagCommits, int batchRepeats,
                 int relayRows) {

    /** What {@code ./bench} runs: three rounds, about six minutes on 2 cores. */
    static final BenchSize FULL = new BenchSize(3, 200_000, 2, 1_000_000, 10_000, 3_000, 2_000, 3_000, 20, 20_000);

    /** {@code ./bench --quick}: one small round, to check that everything works; figures are rough. */
    static final BenchSize QUICK = new BenchSize(1, 50_000, 1, 200_000, 2_000, 500, 500, 500, 5, 2_000);

    BenchSize withRounds(int newRounds) {
        return new BenchSize(newRounds, replicationEntities, replicationWarmUps, redisBenchmarkRequests, transactions, warmUpTransactions,
                readSamples, lagCommits, batchRepeats, relayRows);
    }
}
