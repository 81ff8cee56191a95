package io.kubecarrier.testkit;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Applies YAML manifests (files or directories) with server-side apply, as `kubectl apply`. */
public final class Manifests {

  public static final String FIELD_MANAGER = "kubecarrier-testkit";

  private Manifests() {}

  /** Loads every object of every *.yaml / *.yml file under {@code path} (sorted by file name). */
  public static List<HasMetadata> load(KubernetesClient client, Path path) {
    List<HasMetadata> objects = new ArrayList<>();
    for (Path f : files(path)) {
      try (InputStream in = Files.newInputStream(f)) {
        objects.addAll(client.load(in).items());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return objects;
  }

  /** Server-side applies every object under {@code path}; returns what was applied. */
  public static List<HasMetadata> apply(KubernetesClient client, Path path) {
    List<HasMetadata> objects = load(client, path);
    for (HasMetadata o : objects) {
      o.getMetadata().setResourceVersion(null);
      client.resource(o).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }
    return objects;
  }

  /** Applies the CRDs under {@code path} and waits until every one is Established. */
  public static List<CustomResourceDefinition> applyCrds(KubernetesClient client, Path path) {
    List<CustomResourceDefinition> crds =
        apply(client, path).stream()
            .filter(CustomResourceDefinition.class::isInstance)
            .map(CustomResourceDefinition.class::cast)
            .toList();
    for (CustomResourceDefinition crd : crds) {
      awaitEstablished(client, crd.getMetadata().getName());
    }
    return crds;
  }

  public static void awaitEstablished(KubernetesClient client, String crdName) {
    await("CRD " + crdName + " Established")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              CustomResourceDefinition c =
                  client.apiextensions().v1().customResourceDefinitions().withName(crdName).get();
              return c != null
                  && c.getStatus() != null
                  && c.getStatus().getConditions() != null
                  && c.getStatus().getConditions().stream()
                      .anyMatch(
                          cond ->
                              "Established".equals(cond.getType())
                                  && "True".equals(cond.getStatus()));
            });
  }

  private static List<Path> files(Path path) {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    try (Stream<Path> s = Files.walk(path)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
