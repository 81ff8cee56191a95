package io.kubecarrier.propagation.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubecarrier.propagation.AgentClusterProfile;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.KubeClusters;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The agent's informer policy on a real API server: a kind with more objects than a page is listed
 * in pages of {@link Informers#LIST_PAGE} (each request carries the limit, the later ones the
 * continue token of the one before), and the cache still holds every object. A Quarkus test of the
 * agent's profile only to share its clusters (they live as long as that application).
 */
@QuarkusTest
@TestProfile(AgentClusterProfile.class)
class InformersIT {

  @Test
  void aFirstListLargerThanAPageIsReadPageByPageAndCachesEverything() throws Exception {
    KubeCluster management = KubeClusters.shared().management();
    KubernetesClient admin = management.adminClient();
    String ns = "informers-paged-" + Long.toHexString(System.nanoTime() & 0xffffff);
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .serverSideApply();
    int objects = (int) (2 * Informers.LIST_PAGE + 10);
    IntStream.range(0, objects)
        .parallel()
        .forEach(
            i ->
                admin
                    .configMaps()
                    .inNamespace(ns)
                    .resource(
                        new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("cm-" + i)
                            .endMetadata()
                            .addToData("i", String.valueOf(i))
                            .build())
                    .serverSideApply());

    List<String> lists = new CopyOnWriteArrayList<>();
    Interceptor recorder =
        new Interceptor() {
          @Override
          public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            String q = request.uri().getRawQuery();
            if ("GET".equals(request.method()) && (q == null || !q.contains("watch=true"))) {
              lists.add(q == null ? "" : q);
            }
          }
        };
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(management.config(management.adminToken()))
            .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("record", recorder))
            .build()) {
      SharedIndexInformer<ConfigMap> informer = Informers.of(client.configMaps().inNamespace(ns));
      try {
        informer
            .start()
            .toCompletableFuture()
            .get(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS);
        assertThat(informer.getStore().list()).hasSize(objects);
        assertThat(lists)
            .as("three pages for %d objects", objects)
            .hasSize(3)
            .allMatch(q -> q.contains("limit=" + Informers.LIST_PAGE));
        assertThat(lists.get(0)).doesNotContain("continue=");
        assertThat(lists.subList(1, 3)).allMatch(q -> q.contains("continue="));
      } finally {
        informer.close();
      }
    } finally {
      admin.namespaces().withName(ns).delete();
    }
  }
}
