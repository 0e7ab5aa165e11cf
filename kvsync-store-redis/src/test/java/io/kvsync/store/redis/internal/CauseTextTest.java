package io.kvsync.store.redis.internal;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

class CauseTextTest {

    @Test
    void a_refused_login_hidden_behind_a_connection_failure_is_named_with_what_to_check() {
        RedisConnectionException failure = new RedisConnectionException("Unable to connect to 127.0.0.1/<unresolved>:6380",
                new RedisCommandExecutionException("WRONGPASS invalid username-password pair or user is disabled."));

        assertThat(CauseText.of(failure)).isEqualTo("RedisConnectionException: Unable to connect to 127.0.0.1/<unresolved>:6380,"
                + " caused by RedisCommandExecutionException: WRONGPASS invalid username-password pair or user is disabled."
                + " (Redis refused the login: check the user name and password, in the URI or the settings"
                + " kvsync.redis.username and kvsync.redis.password)");
    }

    @Test
    void a_missing_login_gets_the_same_advice() {
        assertThat(CauseText.of(new IllegalStateException("NOAUTH Authentication required.")))
                .isEqualTo("IllegalStateException: NOAUTH Authentication required. (Redis refused the login: check the"
                        + " user name and password, in the URI or the settings kvsync.redis.username and kvsync.redis.password)");
    }

    @Test
    void other_failures_name_their_innermost_cause_without_login_advice() {
        RedisConnectionException failure = new RedisConnectionException("Unable to connect to 127.0.0.1/<unresolved>:1",
                new ConnectException("Connection refused"));

        assertThat(CauseText.of(failure)).isEqualTo("RedisConnectionException: Unable to connect to 127.0.0.1/<unresolved>:1,"
                + " caused by ConnectException: Connection refused");
    }

    @Test
    void a_failure_without_a_cause_is_named_once() {
        assertThat(CauseText.of(new IllegalStateException("closed"))).isEqualTo("IllegalStateException: closed");
    }

    @Test
    void a_password_in_a_uri_within_a_message_is_masked() {
        assertThat(CauseText.of(new IllegalStateException("cannot reach redis://app:s3cret@cache:6379")))
                .isEqualTo("IllegalStateException: cannot reach redis://****@cache:6379");
    }
}
