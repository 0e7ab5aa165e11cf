package io.kvsync.spring.boot.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real application start, so that the analyzer is found where Spring Boot looks for it (spring.factories). */
@ExtendWith(OutputCaptureExtension.class)
class FailedStartReportTest {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(KvSyncAutoConfiguration.class)
    static class Application {
    }

    @Test
    void an_unknown_store_name_stops_the_start_with_spring_boot_s_report_naming_the_property_and_the_fix(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE)
                .properties("kvsync.store=nosuch", "kvsync.marshaler=json").run().close())
                .hasRootCauseInstanceOf(io.kvsync.api.KvSyncConfigurationException.class);

        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("KVSync could not be configured: kvsync.store=nosuch")
                .contains("Set kvsync.store to the name of a provider on the classpath");
    }
}
