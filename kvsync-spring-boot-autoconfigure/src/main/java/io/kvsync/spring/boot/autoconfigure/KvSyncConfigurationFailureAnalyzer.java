package io.kvsync.spring.boot.autoconfigure;

import io.kvsync.api.KvSyncConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a {@link KvSyncConfigurationException} that stopped the application's start into Spring Boot's
 * "APPLICATION FAILED TO START" report: what is wrong, naming the {@code kvsync.*} property, and what to
 * change. Malformed values of the typed properties ({@link KvSyncProperties}) are reported by Spring Boot's
 * own binding analysis before the engine sees them.
 */
public class KvSyncConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<KvSyncConfigurationException> {

    private static final Pattern PROPERTY = Pattern.compile("kvsync\\.[a-z0-9.-]*[a-z0-9]");

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, KvSyncConfigurationException cause) {
        String message = cause.getMessage();
        return new FailureAnalysis("KVSync could not be configured: " + message, action(message), cause);
    }

    static String action(String message) {
        Matcher property = PROPERTY.matcher(message);
        String name = property.find() ? property.group() : null;
        if (message.contains("no provider named")) {
            return "Set " + name + " to the name of a provider on the classpath, or add the module named above to the"
                    + " application's dependencies.";
        }
        if (message.contains("provider is on the classpath")) {
            return "Add a store module to the application's dependencies (kvsync-spring-boot-starter brings"
                    + " kvsync-store-redis; kvsync-store-hazelcast and kvsync-store-memory are the others), or define a"
                    + " bean of type io.kvsync.spi.KvStore.";
        }
        if (name != null) {
            return "Correct " + name + " in application.properties or application.yaml (or the environment variable"
                    + " that sets it), as the description says.";
        }
        return "Check the kvsync.* properties against the KVSync README's configuration table.";
    }
}
