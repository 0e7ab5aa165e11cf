package io.kvsync.marshal.json.internal;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.kvsync.spi.LazyLoadGuard;

/**
 * Builds the {@link ObjectMapper} behind the JSON marshaler: fields only, java.time as ISO-8601 text,
 * exact numbers, tolerant of added and removed fields, strict about everything else. No default typing
 * is ever enabled. Thread-safe.
 */
public final class EntityMappers {

    private EntityMappers() {
    }

    /**
     * A new mapper that reads and writes documents nested at most {@code maxNestingDepth} levels deep,
     * and skips the values {@code guard} reports as unloaded.
     * The write limit is what turns a cycle in the object graph into an error instead of a stack
     * overflow, and the read limit keeps every document it wrote readable.
     */
    public static ObjectMapper create(int maxNestingDepth, LazyLoadGuard guard) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxNestingDepth).build())
                .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(maxNestingDepth).build())
                // Error messages end up in logs and reports: they must not quote the stored document.
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
        return JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .addModule(new SimpleModule("kvsync-lazy-load-guard")
                        .setSerializerModifier(new LazyLoadGuardModifier(guard)))
                .annotationIntrospector(new EntityAnnotationIntrospector())
                // Entities are read and written through their fields, as JPA providers do; a getter may
                // compute or lazily load, a setter may validate, and neither exists on many entities.
                .visibility(PropertyAccessor.FIELD, Visibility.ANY)
                .visibility(PropertyAccessor.GETTER, Visibility.NONE)
                .visibility(PropertyAccessor.IS_GETTER, Visibility.NONE)
                .visibility(PropertyAccessor.SETTER, Visibility.NONE)
                .disable(MapperFeature.USE_GETTERS_AS_SETTERS)
                .enable(MapperFeature.PROPAGATE_TRANSIENT_MARKER)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DATES_WITH_CONTEXT_TIME_ZONE)
                .enable(SerializationFeature.WRITE_DATES_WITH_ZONE_ID)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                // A field changed from double to int must fail loudly, not truncate 1.5 to 1.
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .build();
    }
}
