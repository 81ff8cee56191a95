package io.kubecarrier.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Secret or ConfigMap that travels with each instance of an offered kind ({@code
 * spec.relatedResources}): down, from the instance's namespace to its service namespace (what the
 * service operator reads), or up, from the service namespace to the instance's namespace (what it
 * writes for the consumer). See docs/related-resources-down.md and docs/related-resources-up.md.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "name",
  "direction",
  "kind",
  "fromPath",
  "nameTemplate",
  "selector",
  "keys",
  "targetName"
})
@ValidationRule(
    value =
        "(has(self.fromPath) ? 1 : 0) + (has(self.nameTemplate) ? 1 : 0)"
            + " + (has(self.selector) ? 1 : 0) == 1",
    message = "set exactly one of fromPath, nameTemplate and selector")
@ValidationRule(
    value = "self.direction == 'Up' || !has(self.selector)",
    message = "selector finds objects in the service namespace: only for direction Up")
@ValidationRule(
    value = "self.direction == 'Up' || !has(self.targetName)",
    message =
        "targetName is only for direction Up: a Down copy keeps its name, which the service"
            + " operator reads from the instance")
public class RelatedResource {

  @Required
  @Size(max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
  @JsonPropertyDescription(
      "Name of this declaration (a DNS-1123 label), unique in the list; shown in the instances'"
          + " status.kubecarrier.related.")
  private String name;

  @Required
  @JsonPropertyDescription(
      "Down: from the instance's namespace to its service namespace (input the service operator"
          + " reads). Up: from the service namespace to the instance's namespace (output it"
          + " writes).")
  private RelatedDirection direction;

  @Required
  @JsonPropertyDescription("Secret or ConfigMap.")
  private RelatedKind kind;

  @Size(max = 512)
  @Pattern("^\\.(spec|status)(\\.[A-Za-z0-9_-]+|\\[([0-9]+|\\*)\\]|\\['[^']+'\\])+$")
  @JsonPropertyDescription(
      "Where the names are: a path such as .spec.users[*].passwordSecretRef.name, evaluated on"
          + " the tenant instance (Down) or on the service object, spec or status (Up). [*]"
          + " takes every item of a list, [n] one item, ['a.b'] a key with dots.")
  private String fromPath;

  @Size(max = 253)
  @JsonPropertyDescription(
      "The name, as a template evaluated on the tenant instance, for example"
          + " {{.metadata.name}}-default-user; placeholders are paths as in fromPath (also"
          + " .metadata.name); placeholders with [*] over the same list make one name per item.")
  private String nameTemplate;

  @JsonPropertyDescription(
      "Up only: every object of this kind in the service namespace with these labels; values may"
          + " be templates such as {{.metadata.name}}.")
  private LabelSelector selector;

  @Size(max = 64)
  @JsonPropertyDescription("Only these data keys travel, optionally renamed; absent: every key.")
  private List<KeySelection> keys;

  @Size(max = 253)
  @JsonPropertyDescription(
      "Up only: the name of the copy in the instance's namespace, a template evaluated on the"
          + " tenant instance plus {{.source.name}} (the source object's name); default: the"
          + " source's name. Never written over an object KubeCarrier did not make.")
  private String targetName;

  public RelatedResource() {}

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public RelatedDirection getDirection() {
    return direction;
  }

  public void setDirection(RelatedDirection direction) {
    this.direction = direction;
  }

  public RelatedKind getKind() {
    return kind;
  }

  public void setKind(RelatedKind kind) {
    this.kind = kind;
  }

  public String getFromPath() {
    return fromPath;
  }

  public void setFromPath(String fromPath) {
    this.fromPath = fromPath;
  }

  public String getNameTemplate() {
    return nameTemplate;
  }

  public void setNameTemplate(String nameTemplate) {
    this.nameTemplate = nameTemplate;
  }

  public LabelSelector getSelector() {
    return selector;
  }

  public void setSelector(LabelSelector selector) {
    this.selector = selector;
  }

  public List<KeySelection> getKeys() {
    return keys;
  }

  public void setKeys(List<KeySelection> keys) {
    this.keys = keys == null ? null : new ArrayList<>(keys);
  }

  public String getTargetName() {
    return targetName;
  }

  public void setTargetName(String targetName) {
    this.targetName = targetName;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RelatedResource r
        && Objects.equals(name, r.name)
        && direction == r.direction
        && kind == r.kind
        && Objects.equals(fromPath, r.fromPath)
        && Objects.equals(nameTemplate, r.nameTemplate)
        && Objects.equals(selector, r.selector)
        && Objects.equals(keys, r.keys)
        && Objects.equals(targetName, r.targetName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, direction, kind, fromPath, nameTemplate, selector, keys, targetName);
  }
}
