package io.kvsync.engine;

import java.time.Duration;

/**
 * What an integration's durable record of changes not yet replicated (the Hibernate integration's outbox
 * table) holds, as {@link KvSync#stats()} shows it: so that an operator sees a relay that is stuck or
 * falling behind. Attached with {@link KvSync#attachOutbox}; read on every {@code stats()} call, so it
 * returns figures it measured earlier rather than querying.
 */
public interface OutboxGauge {

    /** The rows waiting to be replicated, as last measured; {@code 0} when none. */
    long depth();

    /** How long the oldest waiting row has waited, as last measured; {@link Duration#ZERO} when none waits. */
    Duration oldestAge();
}
