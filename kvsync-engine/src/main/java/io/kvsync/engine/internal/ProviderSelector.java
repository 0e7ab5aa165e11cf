package io.kvsync.engine.internal;

import io.kvsync.api.KvSyncConfigurationException;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * Chooses one provider of an SPI: the one named by a setting, else the highest priority. Never falls
 * back silently: no candidate, or a name that matches none, fails with a message that says what to add.
 *
 * @param <P> the provider type
 */
public final class ProviderSelector<P> {

    private static final System.Logger LOG = System.getLogger(Loggers.ENGINE);

    private final String spiName;
    private final String setting;
    private final Function<P, String> name;
    private final ToIntFunction<P> priority;
    /** Known provider names → the artifact that brings them, for the error message. */
    private final Map<String, String> artifacts;
    private final String builderMethod;

    public ProviderSelector(String spiName, String setting, Function<P, String> name, ToIntFunction<P> priority,
                            Map<String, String> artifacts, String builderMethod) {
        this.spiName = spiName;
        this.setting = setting;
        this.name = name;
        this.priority = priority;
        this.artifacts = artifacts;
        this.builderMethod = builderMethod;
    }

    /** Every provider of {@code type} that {@link ServiceLoader} finds through {@code classLoader}. */
    public static <P> List<P> discover(Class<P> type, ClassLoader classLoader) {
        List<P> found = new ArrayList<>();
        Iterator<P> it = ServiceLoader.load(type, classLoader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return found;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                throw new KvSyncConfigurationException("a " + type.getSimpleName()
                        + " listed in META-INF/services cannot be loaded: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Picks the provider named {@code wanted}, or the highest-priority one when nothing is wanted
     * (ties broken by name, so the choice never depends on class-path order).
     */
    public P select(List<P> candidates, Optional<String> wanted) {
        if (wanted.isPresent()) {
            String want = wanted.get();
            return candidates.stream()
                    .filter(p -> name.apply(p).equalsIgnoreCase(want))
                    .findFirst()
                    .orElseThrow(() -> new KvSyncConfigurationException(namedButMissing(want, candidates)));
        }
        if (candidates.isEmpty()) {
            throw new KvSyncConfigurationException("no " + spiName + " provider is on the classpath; add one of "
                    + String.join(", ", artifacts.values()) + ", or pass an instance to KvSync.builder()." + builderMethod + "(...)");
        }
        List<P> ranked = new ArrayList<>(candidates);
        ranked.sort(Comparator.comparingInt(priority).reversed().thenComparing(name));
        P winner = ranked.get(0);
        if (ranked.size() > 1) {
            LOG.log(Level.INFO, () -> spiName + " providers found: " + describe(ranked) + "; using \"" + name.apply(winner)
                    + "\" (highest priority); set " + setting + " to choose another");
        }
        return winner;
    }

    private String namedButMissing(String want, List<P> candidates) {
        String artifact = artifacts.get(want.toLowerCase(java.util.Locale.ROOT));
        String hint = artifact != null
                ? "add " + artifact
                : "known providers: " + (candidates.isEmpty() ? "none" : describe(candidates));
        return setting + "=" + want + " but no provider named \"" + want + "\" is on the classpath; " + hint;
    }

    private String describe(List<P> providers) {
        return providers.stream()
                .map(p -> name.apply(p) + " (priority " + priority.applyAsInt(p) + ", " + p.getClass().getName() + ")")
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
