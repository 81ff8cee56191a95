package io.kubecarrier.api.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.kubecarrier.api.common.DisplayMetadata;
import io.kubecarrier.api.common.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Desired state of an {@link Account}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"metadata", "roles", "subjects"})
public class AccountSpec {

  @JsonPropertyDescription(
      "Texts that describe the account to people, for example in the offerings of a provider.")
  private DisplayMetadata metadata;

  @Required
  @Size(min = 1, max = 2)
  @ValidationRule(
      value = "self.all(r, self.exists_one(o, o == r))",
      message = "spec.roles must not list a role twice: list Provider and/or Tenant once each")
  @JsonPropertyDescription(
      "Roles of the account: Provider (offers services), Tenant (consumes them), or both. Each"
          + " role at most once.")
  private List<AccountRole> roles;

  @Required
  @Size(min = 1)
  @JsonPropertyDescription(
      "Users, groups and ServiceAccounts that act for the account. They get the permissions of"
          + " the account's roles in the account namespace.")
  private List<Subject> subjects;

  public AccountSpec() {}

  public AccountSpec(DisplayMetadata metadata, List<AccountRole> roles, List<Subject> subjects) {
    this.metadata = metadata;
    this.roles = roles == null ? null : new ArrayList<>(roles);
    this.subjects = subjects == null ? null : new ArrayList<>(subjects);
  }

  /** {@code true} if {@link #getRoles()} contains {@code role}. */
  public boolean hasRole(AccountRole role) {
    return roles != null && roles.contains(role);
  }

  public DisplayMetadata getMetadata() {
    return metadata;
  }

  public void setMetadata(DisplayMetadata metadata) {
    this.metadata = metadata;
  }

  public List<AccountRole> getRoles() {
    return roles;
  }

  public void setRoles(List<AccountRole> roles) {
    this.roles = roles;
  }

  public List<Subject> getSubjects() {
    return subjects;
  }

  public void setSubjects(List<Subject> subjects) {
    this.subjects = subjects;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof AccountSpec)) {
      return false;
    }
    AccountSpec that = (AccountSpec) o;
    return Objects.equals(metadata, that.metadata)
        && Objects.equals(roles, that.roles)
        && Objects.equals(subjects, that.subjects);
  }

  @Override
  public int hashCode() {
    return Objects.hash(metadata, roles, subjects);
  }
}
