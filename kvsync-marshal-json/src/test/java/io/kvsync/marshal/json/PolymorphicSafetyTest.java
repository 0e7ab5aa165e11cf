package io.kvsync.marshal.json;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.kvsync.api.MarshalException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bytes never choose a class: even an entity annotated for polymorphic typing gets only its
 * declared field types (invariant 8 of the design).
 */
class PolymorphicSafetyTest {

    private final JsonMarshaler marshaler = JsonMarshaler.create();

    /** Counts its instantiations, so a test can prove none happened. */
    static final class Gadget {
        static final AtomicInteger CREATED = new AtomicInteger();

        Gadget() {
            CREATED.incrementAndGet();
        }
    }

    static final class TypedHolder {
        @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
        Object payload;
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
    @JsonSubTypes(@JsonSubTypes.Type(Gadget.class))
    abstract static class Shape {
    }

    static final class Square extends Shape {
        int side;
    }

    static final class ShapeHolder {
        Shape shape;
    }

    private <T> T read(String json, Class<T> type) {
        return marshaler.unmarshal(json.getBytes(StandardCharsets.UTF_8), type);
    }

    @Test
    @DisplayName("a field annotated @JsonTypeInfo is written without a class name")
    void no_class_name_written() {
        TypedHolder holder = new TypedHolder();
        holder.payload = new Gadget();

        assertThat(new String(marshaler.marshal(holder), StandardCharsets.UTF_8)).doesNotContain("@class").doesNotContain("Gadget");
    }

    @Test
    @DisplayName("a class name in the bytes is plain data: the named class is not instantiated")
    void class_name_in_bytes_is_not_instantiated() {
        int before = Gadget.CREATED.get();
        String json = "{\"payload\":{\"@class\":\"" + Gadget.class.getName() + "\"}}";

        TypedHolder holder = read(json, TypedHolder.class);

        assertThat(holder.payload).isEqualTo(Map.of("@class", Gadget.class.getName()));
        assertThat(Gadget.CREATED.get()).isEqualTo(before);
    }

    @Test
    @DisplayName("an abstract field type cannot be read, whatever subtype the bytes name")
    void abstract_type_is_not_resolved_from_bytes() {
        int before = Gadget.CREATED.get();
        String json = "{\"shape\":{\"@class\":\"" + Square.class.getName() + "\",\"side\":2}}";

        assertThatThrownBy(() -> read(json, ShapeHolder.class))
                .isInstanceOf(MarshalException.class)
                .hasMessageContaining(ShapeHolder.class.getName())
                .hasMessageContaining("at field shape");
        assertThat(Gadget.CREATED.get()).isEqualTo(before);
    }
}
