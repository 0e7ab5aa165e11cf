package io.kvsync.api;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeysTest {

    /** The README's user, with its keys built by concatenation (the trap) and by {@link Keys}. */
    static final class User implements Syncable {
        long id;
        UUID uuid;

        User(long id, UUID uuid) {
            this.id = id;
            this.uuid = uuid;
        }

        Map<String, String> concatenatedKeys() {
            return Map.of("id", "user:id:" + id, "uuid", "user:uuid:" + uuid);
        }

        @Override
        public Map<String, String> syncKeys() {
            return Keys.of(this)
                    .key("id", "user:id:", id)
                    .key("uuid", "user:uuid:", uuid)
                    .key("composite", "user:composite:", id, "_", uuid)
                    .build();
        }
    }

    @Test
    void keys_are_the_concatenated_parts_in_the_order_added() {
        UUID uuid = UUID.fromString("5f0c1b2a-0000-4000-8000-000000000042");
        assertThat(new User(42, uuid).syncKeys()).containsExactly(
                Map.entry("id", "user:id:42"),
                Map.entry("uuid", "user:uuid:" + uuid),
                Map.entry("composite", "user:composite:42_" + uuid));
    }

    @Test
    void a_null_part_is_refused_naming_the_type_and_key_name_where_concatenation_would_store_null() {
        User user = new User(7, null);
        assertThat(user.concatenatedKeys()).containsEntry("uuid", "user:uuid:null");

        Map<String, String> keys = user.syncKeys();
        assertThatThrownBy(() -> keys.get("uuid"))
                .isInstanceOf(KvSyncUsageException.class)
                .hasMessageContaining(User.class.getName())
                .hasMessageContaining("key \"uuid\"")
                .hasMessageContaining("part 2 of 2 is null")
                .hasMessageContaining("\"user:uuid:\"");
    }

    @Test
    void a_key_with_a_missing_part_fails_when_read_so_a_probe_still_gives_its_other_keys() {
        Map<String, String> probeKeys = new User(7, null).syncKeys();
        assertThat(probeKeys.get("id")).isEqualTo("user:id:7");
        assertThat(probeKeys).containsKey("uuid").hasSize(3);
        assertThatThrownBy(() -> probeKeys.forEach((name, key) -> { }))
                .isInstanceOf(KvSyncUsageException.class).hasMessageContaining("key \"uuid\"");
    }

    @Test
    void a_blank_text_part_is_refused() {
        Object owner = new Object();
        assertThatThrownBy(() -> Keys.of(owner).key("email", "user:email:", " ").build().get("email"))
                .isInstanceOf(KvSyncUsageException.class)
                .hasMessageContaining("java.lang.Object key \"email\": part 2 of 2 is blank");
    }

    @Test
    void a_key_name_added_twice_or_no_key_at_all_is_refused() {
        Object owner = new Object();
        assertThatThrownBy(() -> Keys.of(owner).key("id", "a:", 1).key("id", "b:", 2))
                .isInstanceOf(KvSyncUsageException.class).hasMessageContaining("key name \"id\" is added twice");
        assertThatThrownBy(() -> Keys.of(owner).build())
                .isInstanceOf(KvSyncUsageException.class).hasMessageContaining("no keys were added");
        assertThatThrownBy(() -> Keys.of(owner).key(" ", "a:", 1))
                .isInstanceOf(KvSyncUsageException.class).hasMessageContaining("a key name is blank");
    }

    @Test
    void the_built_map_cannot_be_changed() {
        Map<String, String> keys = new User(1, UUID.randomUUID()).syncKeys();
        assertThatThrownBy(() -> keys.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }
}
