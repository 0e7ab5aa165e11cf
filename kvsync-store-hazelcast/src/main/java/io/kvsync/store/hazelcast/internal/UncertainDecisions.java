package io.kvsync.store.hazelcast.internal;

import io.kvsync.spi.KvWrite;
import io.kvsync.spi.UncertainOrders;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The uncertain hand-overs a {@link WriteProcessor} found for one key, as it sends them back to the caller:
 * a small array of {@code i + 1} (write {@code i} of the key applied) or {@code -(i + 1)} (refused).
 */
final class UncertainDecisions {

    private UncertainDecisions() {
    }

    static int[] add(int[] decisions, int decision) {
        int[] grown = decisions == null ? new int[1] : Arrays.copyOf(decisions, decisions.length + 1);
        grown[grown.length - 1] = decision;
        return grown;
    }

    /** Tells {@code uncertain} of each decision in {@code byKey}'s answers, with the writes they name. */
    static void tell(Map<String, int[]> answers, Map<String, List<KvWrite>> byKey, UncertainOrders uncertain) {
        answers.forEach((key, decisions) -> {
            List<KvWrite> writes = byKey.get(key);
            if (decisions == null || writes == null) {
                return;
            }
            for (int decision : decisions) {
                int index = Math.abs(decision) - 1;
                if (index < writes.size()) {
                    // The processor does not send the claim it met back: the engine words it as another row's.
                    uncertain.report(writes.get(index), null, decision > 0);
                }
            }
        });
    }
}
