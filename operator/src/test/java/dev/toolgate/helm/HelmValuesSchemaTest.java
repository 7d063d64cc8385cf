package dev.toolgate.helm;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.toolgate.helm.RenderedChart.render;
import static dev.toolgate.helm.RenderedChart.sets;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** values.schema.json stops a bad value at install time, naming it, instead of rendering a broken operator. */
class HelmValuesSchemaTest {

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource(delimiter = '|', value = {
            "metrics.service.port      | 70000          | /metrics/service/port",
            "metrics.service.port      | http           | /metrics/service/port",
            "metrics.port              | 9090           | /metrics",
            "image.pullPolicy          | Sometimes      | /image/pullPolicy",
            "image.repository          | Not A Repo!    | /image/repository",
            "proxyImage.tag            | :latest        | /proxyImage/tag",
            "watchNamespaces[0]        | Team_A         | /watchNamespaces/0",
            "watchNamespaces           | team-a         | /watchNamespaces",
            "serviceMonitor.enabled    | yes            | /serviceMonitor/enabled",
            "serviceMonitor.interval   | often          | /serviceMonitor/interval",
            "resources.limits.memory   | lots           | /resources/limits/memory",
            "logLevel                  | VERBOSE        | /logLevel",
            "rbac.create               | maybe          | /rbac/create",
            "replicaCount              | 3              | replicaCount",
            "approvalsApi.publicUrl    | ftp://tg.example.com           | /approvalsApi/publicUrl",
            "approvalsApi.publicUrl    | tg.example.com                 | /approvalsApi/publicUrl",
            "approvalsApi.publicUrl    | https://bob@tg.example.com     | /approvalsApi/publicUrl",
            "approvalsApi.publicUrl    | https://tg.example.com/?a=b    | /approvalsApi/publicUrl",
            "approvalsApi.publicUrl    | https://tg.example.com/#top    | /approvalsApi/publicUrl",
    })
    void refusesABadValueNamingIt(String key, String value, String where) {
        assertThatThrownBy(() -> render(sets(key, value)))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(where);
    }

    @ParameterizedTest(name = "{0}={1} is accepted")
    @CsvSource(delimiter = '|', value = {
            "metrics.service.port      | 9090",
            "image.tag                 | 0.1.1",
            "image.tag                 | sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "watchNamespaces[0]        | team-a",
            "serviceMonitor.interval   | 1m30s",
            "resources.limits.memory   | 768Mi",
            "resources.requests.cpu    | 0.5",
            "approvalsApi.publicUrl    | https://toolgate-approvals.example.com",
            "approvalsApi.publicUrl    | http://localhost:8080/",
    })
    void acceptsAGoodValue(String key, String value) {
        assertThatCode(() -> render(sets(key, value))).doesNotThrowAnyException();
    }
}
