package io.kvsync.demo;

import io.kvsync.tck.services.TestServices;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DemoMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return DemoMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void a_small_default_run_verifies_every_key_and_exits_zero() {
        int exit = run("--rows", "400", "--no-progress");

        assertThat(out()).containsPattern("verified: 360 rows × 900 keys \\(\\d+ retired keys checked absent\\), 0 mismatches");
        assertThat(out()).contains("rows/s replicated", "commit→visible lag p50 / p99", "member by uuid p50: KVSync / SQL");
        assertThat(exit).as("exit code; stderr: %s", err()).isZero();
    }

    @Test
    void the_json_marshaler_can_be_chosen() {
        int exit = run("--rows", "100", "--no-progress", "--marshaler", "json", "--workers", "1");

        assertThat(out()).contains("marshaler json").contains(", 0 mismatches");
        assertThat(exit).isZero();
    }

    @Test
    void against_the_local_redis_every_key_verifies() {
        String uri = TestServices.require(TestServices.redisUri(), "Redis (KVSYNC_TEST_REDIS_URI)");
        int exit = run("--store", "redis", "--redis-uri", uri, "--rows", "300", "--no-progress");

        assertThat(out()).contains("store redis").contains(", 0 mismatches");
        assertThat(exit).as("stderr: %s", err()).isZero();
    }

    @Test
    void against_postgresql_every_key_verifies() {
        String url = TestServices.require(TestServices.jdbcUrl(), "PostgreSQL (KVSYNC_TEST_JDBC_URL)");
        int exit = run("--jdbc-url", url, "--rows", "300", "--no-progress");

        assertThat(out()).contains("rows on " + url).contains(", 0 mismatches");
        assertThat(exit).as("stderr: %s", err()).isZero();
    }

    @Test
    void on_an_embedded_hazelcast_member_every_key_verifies() {
        int exit = run("--store", "hazelcast", "--rows", "200", "--no-progress");

        assertThat(out()).contains("store hazelcast").contains(", 0 mismatches");
        assertThat(exit).as("stderr: %s", err()).isZero();
    }

    @Test
    void a_bad_option_value_gives_one_line_and_exit_code_two() {
        int exit = run("--rows", "many");

        assertThat(exit).isEqualTo(2);
        assertThat(err().strip()).startsWith("error: ").doesNotContain("\tat ").hasLineCount(1);
    }

    @Test
    void an_unknown_store_gives_one_line_naming_the_valid_ones() {
        int exit = run("--store", "cassandra");

        assertThat(exit).isEqualTo(2);
        assertThat(err().strip()).contains("memory, redis, hazelcast").hasLineCount(1);
    }

    @Test
    void too_few_rows_is_refused() {
        assertThat(run("--rows", "3")).isEqualTo(2);
        assertThat(err()).contains("--rows must be at least 10");
    }

    @Test
    void an_unreachable_database_gives_one_line_and_exit_code_one() {
        int exit = run("--rows", "10", "--no-progress", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2");

        assertThat(exit).isEqualTo(1);
        assertThat(err().strip()).startsWith("error: ").doesNotContain("\tat ").hasLineCount(1);
    }
}
