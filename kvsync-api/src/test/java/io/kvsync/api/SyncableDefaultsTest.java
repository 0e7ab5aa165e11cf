package io.kvsync.api;

import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Syncable#syncVersion()} and {@link Syncable#syncId()} read JPA's annotations when not overridden. */
class SyncableDefaultsTest {

    static class Plain implements Syncable {
        @Override
        public Map<String, String> syncKeys() {
            return Map.of("k", "plain");
        }
    }

    static class Annotated extends Plain {
        @Id
        private Long id;
        @Version
        private long version;

        Annotated(Long id, long version) {
            this.id = id;
            this.version = version;
        }
    }

    /** Like a {@code @MappedSuperclass}: the attributes are declared by a superclass. */
    static class BaseEntity extends Plain {
        @Id
        protected String code = "c-1";
        @Version
        protected Integer revision;
    }

    static class Subclass extends BaseEntity {
    }

    static class PropertyAccess extends Plain {
        private final Timestamp changed = Timestamp.from(Instant.ofEpochSecond(10, 5));

        @Id
        public int getKey() {
            return 9;
        }

        @Version
        public Timestamp getChanged() {
            return changed;
        }
    }

    record Pair(String a, String b) implements Serializable {
    }

    static class Embedded extends Plain {
        @EmbeddedId
        Pair id = new Pair("x", "y");
    }

    static class RowVersion extends Plain {
        @Version
        byte[] version = {1, 2};
    }

    /** Like an {@code @IdClass} entity: two id attributes, neither of which alone is the identity. */
    static class TwoIds extends Plain {
        @Id
        String region = "eu";
        @Id
        long number = 5;
    }

    static class PrimitiveId extends Plain {
        @Id
        long id;
    }

    static class Overridden extends Annotated {
        Overridden() {
            super(1L, 1);
        }

        @Override
        public long syncVersion() {
            return 99;
        }

        @Override
        public Object syncId() {
            return "custom";
        }
    }

    @Test
    void a_class_without_jpa_annotations_has_no_version_and_no_identity() {
        assertThat(new Plain().syncVersion()).isEqualTo(Syncable.UNVERSIONED);
        assertThat(new Plain().syncId()).isNull();
    }

    @Test
    void annotated_fields_give_the_version_and_identity() {
        Annotated entity = new Annotated(42L, 7);
        assertThat(entity.syncVersion()).isEqualTo(7);
        assertThat(entity.syncId()).isEqualTo(42L);
    }

    @Test
    void attributes_declared_by_a_superclass_are_found_and_a_null_version_is_unversioned() {
        Subclass entity = new Subclass();
        assertThat(entity.syncId()).isEqualTo("c-1");
        assertThat(entity.syncVersion()).isEqualTo(Syncable.UNVERSIONED);
        entity.revision = 3;
        assertThat(entity.syncVersion()).isEqualTo(3);
    }

    @Test
    void annotated_getters_are_read_and_timestamps_become_nanoseconds() {
        PropertyAccess entity = new PropertyAccess();
        assertThat(entity.syncId()).isEqualTo(9);
        assertThat(entity.syncVersion()).isEqualTo(10_000_000_005L);
    }

    @Test
    void an_embedded_id_is_the_identity() {
        assertThat(new Embedded().syncId()).isEqualTo(new Pair("x", "y"));
    }

    @Test
    void a_version_of_a_type_with_no_order_writes_unversioned_as_the_hibernate_integration_does() {
        assertThat(new RowVersion().syncVersion()).isEqualTo(Syncable.UNVERSIONED);
    }

    @Test
    void several_id_attributes_leave_the_identity_unknown() {
        assertThat(new TwoIds().syncId()).isNull();
    }

    @Test
    void a_primitive_id_still_at_zero_is_unsaved_and_so_no_identity() {
        PrimitiveId entity = new PrimitiveId();
        assertThat(entity.syncId()).isNull();
        entity.id = 12;
        assertThat(entity.syncId()).isEqualTo(12L);
    }

    @Test
    void overrides_win_over_the_annotations() {
        Overridden entity = new Overridden();
        assertThat(entity.syncVersion()).isEqualTo(99);
        assertThat(entity.syncId()).isEqualTo("custom");
    }
}
