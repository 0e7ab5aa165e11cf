package io.kvsync.marshal.json.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.ResolvableSerializer;
import com.fasterxml.jackson.databind.ser.std.BeanSerializerBase;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import io.kvsync.spi.LazyLoadGuard;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes every bean property ask the {@link LazyLoadGuard} first: an unloaded value (an ORM proxy or
 * lazy collection nobody initialized) is skipped instead of being read, which would run a query or
 * write a hollow proxy; an initialized proxy is written as the object behind it. Thread-safe.
 */
public final class LazyLoadGuardModifier extends BeanSerializerModifier {

    private static final long serialVersionUID = 1L;

    private final LazyLoadGuard guard;

    public LazyLoadGuardModifier(LazyLoadGuard guard) {
        this.guard = guard;
    }

    @Override
    public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription description,
                                              JsonSerializer<?> serializer) {
        // Fields are guarded by their property writers; this catches proxies anywhere else (list elements).
        return serializer instanceof BeanSerializerBase ? new GuardedValueSerializer(serializer, guard) : serializer;
    }

    @Override
    public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription description,
                                                     List<BeanPropertyWriter> properties) {
        List<BeanPropertyWriter> guarded = new ArrayList<>(properties.size());
        for (BeanPropertyWriter property : properties) {
            boolean primitive = property.getType().isPrimitive();
            guarded.add(primitive ? property : new GuardedPropertyWriter(property, guard));
        }
        return guarded;
    }

    /** Writes an unloaded bean value as null and an initialized proxy as its target; delegates the rest. */
    static final class GuardedValueSerializer extends StdSerializer<Object> implements ResolvableSerializer, ContextualSerializer {

        private static final long serialVersionUID = 1L;

        private final JsonSerializer<Object> delegate;
        private final transient LazyLoadGuard guard;

        @SuppressWarnings("unchecked")
        GuardedValueSerializer(JsonSerializer<?> delegate, LazyLoadGuard guard) {
            super(Object.class);
            this.delegate = (JsonSerializer<Object>) delegate;
            this.guard = guard;
        }

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (guard.isUnloaded(value)) {
                gen.writeNull();
                return;
            }
            Object target = guard.unproxy(value);
            if (target != value) {
                provider.findTypedValueSerializer(target.getClass(), true, null).serialize(target, gen, provider);
                return;
            }
            delegate.serialize(value, gen, provider);
        }

        @Override
        public void resolve(SerializerProvider provider) throws JsonMappingException {
            if (delegate instanceof ResolvableSerializer resolvable) {
                resolvable.resolve(provider);
            }
        }

        @Override
        public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property) throws JsonMappingException {
            JsonSerializer<?> contextual = delegate instanceof ContextualSerializer c ? c.createContextual(provider, property) : delegate;
            return contextual == delegate ? this : new GuardedValueSerializer(contextual, guard);
        }

        @Override
        public boolean usesObjectId() {
            return delegate.usesObjectId();
        }
    }

    /** A property writer that skips unloaded values and writes initialized proxies as their target. */
    static final class GuardedPropertyWriter extends BeanPropertyWriter {

        private static final long serialVersionUID = 1L;

        private final transient LazyLoadGuard guard;

        GuardedPropertyWriter(BeanPropertyWriter base, LazyLoadGuard guard) {
            super(base);
            this.guard = guard;
        }

        @Override
        public void serializeAsField(Object bean, JsonGenerator gen, SerializerProvider provider) throws Exception {
            Object value = get(bean);
            if (value == null) {
                super.serializeAsField(bean, gen, provider);
                return;
            }
            if (guard.isUnloaded(value)) {
                return;
            }
            Object target = guard.unproxy(value);
            if (target == value) {
                super.serializeAsField(bean, gen, provider);
                return;
            }
            gen.writeFieldName(getName());
            provider.findTypedValueSerializer(target.getClass(), true, this).serialize(target, gen, provider);
        }
    }
}
