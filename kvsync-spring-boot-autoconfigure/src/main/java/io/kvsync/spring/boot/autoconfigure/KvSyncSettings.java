package io.kvsync.spring.boot.autoconfigure;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code kvsync.*} settings handed to {@code KvSyncBuilder.properties}: every {@code kvsync.*} property
 * of the Spring environment as written (so that a third-party store's settings arrive too), then the typed
 * {@link KvSyncProperties} over them, in the engine's notation (durations as ISO-8601, lists joined by
 * commas), so that a value Spring parsed (say {@code 500} milliseconds) means what Spring said.
 */
final class KvSyncSettings {

    /** Spring-only settings, not the engine's. */
    private static final Set<String> SPRING_ONLY = Set.of("kvsync.hibernate.register", "kvsync.health.probe-timeout",
            "kvsync.health.down-after");

    private KvSyncSettings() {
    }

    static Map<String, String> of(KvSyncProperties properties, Environment environment) {
        Map<String, String> settings = new LinkedHashMap<>();
        Binder.get(environment).bind("kvsync", Bindable.mapOf(String.class, String.class)).ifBound(raw -> raw.forEach(
                (key, value) -> {
                    // Indexed entries (kvsync.redis.uris[0]) are lists: the typed properties give them whole.
                    if (!key.contains("[")) {
                        settings.put("kvsync." + key, value);
                    }
                }));
        walk("kvsync", properties, settings);
        settings.keySet().removeAll(SPRING_ONLY);
        return settings;
    }

    /** Puts every set value of {@code bean}'s properties under {@code prefix}, descending into groups. */
    private static void walk(String prefix, Object bean, Map<String, String> settings) {
        Method[] getters = bean.getClass().getMethods();
        Arrays.sort(getters, Comparator.comparing(Method::getName));
        for (Method getter : getters) {
            String property = propertyName(getter);
            if (property == null) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(bean);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + prefix + "." + property, e);
            }
            String key = prefix + "." + property;
            if (value == null) {
                continue;
            }
            if (isGroup(value)) {
                walk(key, value, settings);
            } else if (value instanceof Collection<?> list) {
                if (!list.isEmpty()) {
                    settings.put(key, list.stream().map(String::valueOf).collect(Collectors.joining(",")));
                }
            } else {
                settings.put(key, value instanceof Duration duration ? duration.toString() : value.toString());
            }
        }
    }

    /** A nested group of {@link KvSyncProperties} (its classes are nested in it). */
    private static boolean isGroup(Object value) {
        Class<?> type = value.getClass();
        return type.getEnclosingClass() != null && type.getName().startsWith(KvSyncProperties.class.getName());
    }

    /** {@code getOfferTimeout} gives {@code offer-timeout}; {@code null} for what is not a property getter. */
    private static String propertyName(Method method) {
        if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())
                || method.getDeclaringClass() == Object.class) {
            return null;
        }
        String name = method.getName();
        String bare;
        if (name.startsWith("get") && name.length() > 3) {
            bare = name.substring(3);
        } else if (name.startsWith("is") && name.length() > 2 && method.getReturnType() == boolean.class) {
            bare = name.substring(2);
        } else {
            return null;
        }
        StringBuilder kebab = new StringBuilder();
        for (int i = 0; i < bare.length(); i++) {
            char c = bare.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    kebab.append('-');
                }
                kebab.append(Character.toLowerCase(c));
            } else {
                kebab.append(c);
            }
        }
        return kebab.toString();
    }
}
