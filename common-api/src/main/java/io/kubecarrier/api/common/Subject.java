package io.kubecarrier.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.Objects;

/**
 * Who an RBAC binding applies to, the same as {@code rbac/v1 Subject}. The account operator binds
 * the roles of an Account to its subjects.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"kind", "apiGroup", "name", "namespace"})
@ValidationRule(
    value =
        "self.kind != 'ServiceAccount' || (has(self.__namespace__) && self.__namespace__ != '')",
    message =
        "a subject of kind ServiceAccount needs namespace: set the ServiceAccount's namespace")
@ValidationRule(
    value = "self.kind == 'ServiceAccount' || !has(self.__namespace__) || self.__namespace__ == ''",
    message = "namespace is only allowed for kind ServiceAccount: remove it for a User or Group")
@ValidationRule(
    value =
        "!has(self.apiGroup) || (self.kind == 'ServiceAccount' ? self.apiGroup == '' :"
            + " self.apiGroup == 'rbac.authorization.k8s.io')",
    message =
        "apiGroup must be 'rbac.authorization.k8s.io' for User and Group and empty for"
            + " ServiceAccount; it may also be left out")
public class Subject {

  /** API group of User and Group subjects. */
  public static final String RBAC_API_GROUP = "rbac.authorization.k8s.io";

  @Required
  @JsonPropertyDescription("Kind of subject: User, Group or ServiceAccount.")
  private SubjectKind kind;

  @JsonPropertyDescription(
      "API group of the subject: rbac.authorization.k8s.io for User and Group, empty for"
          + " ServiceAccount. Defaults accordingly when left out.")
  private String apiGroup;

  @Required
  @Size(min = 1)
  @JsonPropertyDescription("Name of the user, group or ServiceAccount.")
  private String name;

  @JsonPropertyDescription(
      "Namespace of the ServiceAccount. Required for kind ServiceAccount, not allowed otherwise.")
  private String namespace;

  public Subject() {}

  public Subject(SubjectKind kind, String name, String namespace) {
    this.kind = kind;
    this.name = name;
    this.namespace = namespace;
  }

  /** A User subject. */
  public static Subject user(String name) {
    return new Subject(SubjectKind.User, name, null);
  }

  /** A Group subject. */
  public static Subject group(String name) {
    return new Subject(SubjectKind.Group, name, null);
  }

  /** A ServiceAccount subject. */
  public static Subject serviceAccount(String namespace, String name) {
    return new Subject(SubjectKind.ServiceAccount, name, namespace);
  }

  /**
   * The equivalent fabric8 RBAC subject, with {@code apiGroup} defaulted by kind when it is not
   * set.
   */
  public io.fabric8.kubernetes.api.model.rbac.Subject toFabric8() {
    String group = apiGroup;
    if (group == null) {
      group = kind == SubjectKind.ServiceAccount ? "" : RBAC_API_GROUP;
    }
    return new SubjectBuilder()
        .withKind(kind.name())
        .withApiGroup(group)
        .withName(name)
        .withNamespace(kind == SubjectKind.ServiceAccount ? namespace : null)
        .build();
  }

  public SubjectKind getKind() {
    return kind;
  }

  public void setKind(SubjectKind kind) {
    this.kind = kind;
  }

  public String getApiGroup() {
    return apiGroup;
  }

  public void setApiGroup(String apiGroup) {
    this.apiGroup = apiGroup;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Subject)) {
      return false;
    }
    Subject that = (Subject) o;
    return kind == that.kind
        && Objects.equals(apiGroup, that.apiGroup)
        && Objects.equals(name, that.name)
        && Objects.equals(namespace, that.namespace);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, apiGroup, name, namespace);
  }

  @Override
  public String toString() {
    return kind + "/" + (namespace == null ? "" : namespace + "/") + name;
  }
}
