package io.kvsync.store.hazelcast;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestCluster} of a given size shared by every test class that registers this extension, so
 * that the module starts each kind of cluster once; JUnit closes it after the last test of the run.
 *
 * <pre>{@code @RegisterExtension static final SharedCluster CLUSTER = SharedCluster.ofSize(2);}</pre>
 */
final class SharedCluster implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedCluster.class);

    private final int size;
    private volatile TestCluster cluster;

    private SharedCluster(int size) {
        this.size = size;
    }

    static SharedCluster ofSize(int size) {
        return new SharedCluster(size);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("cluster of " + size, key -> TestCluster.start(size), TestCluster.class);
    }

    TestCluster get() {
        if (cluster == null) {
            throw new IllegalStateException("SharedCluster is used before JUnit started it: register it with"
                    + " @RegisterExtension on a static field");
        }
        return cluster;
    }
}
