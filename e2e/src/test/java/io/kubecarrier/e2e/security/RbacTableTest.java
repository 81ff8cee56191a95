package io.kubecarrier.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubecarrier.testkit.K8sBinaries;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The generated RBAC of {@code k8s/rbac/*.yaml} against the table of {@code docs/security.md}:
 * every rule of every ClusterRole and Role bound to an operator's ServiceAccount (following the
 * ClusterRoleBindings and RoleBindings of those files), and of every ClusterRole that the table
 * says is bound at run time in account namespaces, is covered by a row (identity, API group,
 * resource, verb, scope and resourceNames), and every row is still needed: a rule broader than the
 * table, or a row that no rule needs any more, fails. No cluster: runs in surefire.
 *
 * <p>The table's format is described in docs/security.md ("How the table is checked").
 */
class RbacTableTest {

  static final String SYSTEM = "kubecarrier-system";
  static final List<String> HEADER =
      List.of("identity", "API group", "resources", "verbs", "scope", "confined by", "checked by");

  static final Path REPO = K8sBinaries.repoRoot();

  /** A row of the table; {@code groups} holds {@code aggregated} for a row naming such a role. */
  record Row(
      int line,
      String identity,
      Set<String> groups,
      Set<String> resources,
      Set<String> verbs,
      String scope,
      Set<String> names,
      String confinedBy,
      String checkedBy) {

    boolean aggregated() {
      return groups.contains("aggregated");
    }

    String describe() {
      return "docs/security.md:"
          + line
          + " | "
          + identity
          + " | "
          + groups
          + " | "
          + resources
          + " | "
          + verbs
          + " | "
          + scope
          + (names.isEmpty() ? "" : "; names: " + names)
          + " |";
    }
  }

  /** One verb on one resource of one group, for an identity, in a scope. */
  record Atom(
      String identity,
      String group,
      String resource,
      String verb,
      String scope,
      Set<String> names) {
    String describe() {
      return identity
          + " | "
          + (group.isEmpty() ? "core" : group)
          + " | "
          + resource
          + " | "
          + verb
          + " | "
          + scope
          + (names.isEmpty() ? "" : "; names: " + String.join(", ", names));
    }
  }

  /** Where an identity got a role: the binding's scope and, for documentation, its name. */
  record Grant(
      String identity,
      String roleKind,
      String roleName,
      String roleNamespace,
      String scope,
      String via) {}

  @Test
  void generatedRbacIsExactlyTheDocumentedTable() {
    List<HasMetadata> objects = rbacObjects();
    List<Row> rows = table();

    Map<String, ClusterRole> clusterRoles = clusterRoles(objects);
    Map<String, Role> roles = roles(objects);
    List<Grant> grants = grants(objects, rows);

    List<String> problems = new ArrayList<>();
    Set<Atom> granted = new LinkedHashSet<>();
    Set<String> aggregatedGrants = new LinkedHashSet<>();
    Set<String> reachedClusterRoles = new TreeSet<>();
    Set<String> reachedRoles = new TreeSet<>();
    for (Grant g : grants) {
      List<PolicyRule> rules;
      if (g.roleKind().equals("Role")) {
        Role r = roles.get(g.roleNamespace() + "/" + g.roleName());
        if (r == null) {
          problems.add(
              g.via()
                  + " of "
                  + g.identity()
                  + " refers to Role "
                  + g.roleName()
                  + ", which is not in k8s/rbac");
          continue;
        }
        reachedRoles.add(g.roleNamespace() + "/" + g.roleName());
        rules = r.getRules();
      } else {
        ClusterRole r = clusterRoles.get(g.roleName());
        reachedClusterRoles.add(g.roleName());
        if (r == null || r.getAggregationRule() != null) {
          // a built-in role (view) or one aggregated at run time: its rules are not in the files;
          // a row must name it
          aggregatedGrants.add(g.identity() + "|" + g.roleName() + "|" + g.scope());
          if (r == null && g.via().equals("run time")) {
            problems.add(
                "the table binds ClusterRole "
                    + g.roleName()
                    + " at run time, but k8s/rbac has no such ClusterRole");
          }
          continue;
        }
        rules = r.getRules();
      }
      for (PolicyRule rule : rules == null ? List.<PolicyRule>of() : rules) {
        granted.addAll(atoms(g.identity(), g.scope(), rule));
      }
    }

    // every granted atom is covered by a row: reported below as the rows that would cover them
    for (String ag : aggregatedGrants) {
      String[] p = ag.split("\\|", -1);
      if (rows.stream()
          .noneMatch(
              r ->
                  r.aggregated()
                      && r.identity().equals(p[0])
                      && r.resources().contains(p[1])
                      && r.scope().equals(p[2]))) {
        problems.add(
            "not in the table: "
                + p[0]
                + " is bound to the aggregated/built-in ClusterRole "
                + p[1]
                + " ("
                + p[2]
                + "); add a row | "
                + p[0]
                + " | aggregated | "
                + p[1]
                + " | - | "
                + p[2]
                + " | ... |");
      }
    }
    // every row is still needed
    for (Row r : rows) {
      if (r.aggregated()) {
        for (String role : r.resources()) {
          if (!aggregatedGrants.contains(r.identity() + "|" + role + "|" + r.scope())) {
            problems.add(
                "stale row (no such aggregated/built-in ClusterRole bound): " + r.describe());
          }
        }
        continue;
      }
      for (String group : r.groups()) {
        for (String resource : r.resources()) {
          for (String verb : r.verbs()) {
            Atom needed = new Atom(r.identity(), group, resource, verb, r.scope(), r.names());
            Set<String> grantedNames = new TreeSet<>();
            boolean used = false;
            for (Atom a : granted) {
              if (sameButNames(a, needed) && namesCover(needed.names(), a.names())) {
                used = true;
                grantedNames.addAll(a.names());
              }
            }
            if (!used) {
              problems.add(
                  "stale row: no rule grants " + needed.describe() + " (" + r.describe() + ")");
            } else if (!grantedNames.containsAll(needed.names())) {
              Set<String> extra = new TreeSet<>(needed.names());
              extra.removeAll(grantedNames);
              problems.add(
                  "stale names " + extra + " for " + needed.describe() + " (" + r.describe() + ")");
            }
          }
        }
      }
      if (r.checkedBy().isBlank() || r.confinedBy().isBlank()) {
        problems.add("row without 'confined by' or 'checked by': " + r.describe());
      }
      for (String check : checks(r.checkedBy())) {
        if (!classExists(check)) {
          problems.add("row names a check " + check + " that does not exist: " + r.describe());
        }
      }
      for (String attempt : quoted(r.checkedBy())) {
        if (!privilegeItSource().contains(attempt)) {
          problems.add(
              "row names a PrivilegeIT attempt \""
                  + attempt
                  + "\" that PrivilegeIT does not make: "
                  + r.describe());
        }
      }
    }
    // no ClusterRole with rules that nothing documented binds (rules kept for nobody, or bound in a
    // way the table does not know)
    for (ClusterRole r : clusterRoles.values()) {
      String n = r.getMetadata().getName();
      boolean hasRules = r.getRules() != null && !r.getRules().isEmpty();
      if (hasRules && !reachedClusterRoles.contains(n) && !boundToPeople(n, rows)) {
        problems.add(
            "ClusterRole "
                + n
                + " has rules but no documented binding: bind it, or add rows with scope 'provider|tenant|account namespaces via "
                + n
                + "'");
      }
    }
    for (String key : roles.keySet()) {
      if (!reachedRoles.contains(key)) {
        problems.add("Role " + key + " is bound to no operator");
      }
    }
    List<Atom> missing =
        granted.stream().filter(a -> rows.stream().noneMatch(r -> covers(r, a))).toList();
    if (!missing.isEmpty()) {
      problems.add("rows that would cover what is not in the table:\n" + suggestedRows(missing));
    }
    if (rows.isEmpty()) {
      problems.add("docs/security.md has no RBAC table (header " + HEADER + ")");
    }
    assertThat(problems)
        .as("generated k8s/rbac/*.yaml against the table in docs/security.md")
        .isEmpty();
  }

  /** The one ClusterRole an operator may escalate although it holds it: see docs/security.md. */
  static final Set<String> SELF_GRANTS = Set.of("catalog-operator-tenant-crds");

  @Test
  void noIdentityHoldsEscalateOrBindOnWhatItHolds() {
    List<HasMetadata> objects = rbacObjects();
    List<Row> rows = table();
    Map<String, ClusterRole> clusterRoles = clusterRoles(objects);
    Map<String, Role> roles = roles(objects);
    List<Grant> grants = grants(objects, rows);
    List<String> problems = new ArrayList<>();
    for (Grant g : grants) {
      List<PolicyRule> rules =
          g.roleKind().equals("Role")
              ? (roles.containsKey(g.roleNamespace() + "/" + g.roleName())
                  ? roles.get(g.roleNamespace() + "/" + g.roleName()).getRules()
                  : List.of())
              : (clusterRoles.containsKey(g.roleName())
                  ? clusterRoles.get(g.roleName()).getRules()
                  : List.of());
      Set<String> held = heldClusterRoles(g.identity(), grants, clusterRoles);
      for (PolicyRule rule : rules == null ? List.<PolicyRule>of() : rules) {
        for (String verb : rule.getVerbs()) {
          if (!Set.of("escalate", "bind", "impersonate", "*").contains(verb)) {
            continue;
          }
          List<String> names =
              rule.getResourceNames() == null ? List.of() : rule.getResourceNames();
          if (names.isEmpty()) {
            problems.add(
                g.identity()
                    + " holds "
                    + verb
                    + " on "
                    + rule.getResources()
                    + " without resourceNames ("
                    + g.via()
                    + ", role "
                    + g.roleName()
                    + ")");
          }
          for (String n : names) {
            if (held.contains(n) && !SELF_GRANTS.contains(n)) {
              problems.add(
                  g.identity()
                      + " holds "
                      + verb
                      + " on "
                      + n
                      + ", which it holds itself ("
                      + g.via()
                      + ")");
            }
          }
        }
      }
    }
    for (Row r : rows) {
      assertThat(r.verbs()).as("no wildcard verbs: " + r.describe()).doesNotContain("*");
      assertThat(r.resources()).as("no wildcard resources: " + r.describe()).doesNotContain("*");
    }
    assertThat(problems).as("escalate/bind/impersonate in k8s/rbac").isEmpty();
  }

  /** Markdown rows covering {@code atoms}, merged by identity, scope, group, names and verbs. */
  static String suggestedRows(List<Atom> atoms) {
    Map<String, Set<String>> verbsOf = new LinkedHashMap<>();
    for (Atom a : atoms) {
      verbsOf
          .computeIfAbsent(
              a.identity()
                  + "\t"
                  + a.scope()
                  + "\t"
                  + a.group()
                  + "\t"
                  + String.join(", ", a.names())
                  + "\t"
                  + a.resource(),
              k -> new LinkedHashSet<>())
          .add(a.verb());
    }
    Map<String, Set<String>> resourcesOf = new LinkedHashMap<>();
    verbsOf.forEach(
        (k, verbs) -> {
          String[] p = k.split("\t", -1);
          resourcesOf
              .computeIfAbsent(
                  p[0] + "\t" + p[1] + "\t" + p[2] + "\t" + p[3] + "\t" + String.join(", ", verbs),
                  x -> new LinkedHashSet<>())
              .add(p[4]);
        });
    StringBuilder b = new StringBuilder();
    resourcesOf.forEach(
        (k, resources) -> {
          String[] p = k.split("\t", -1);
          b.append("| ")
              .append(p[0])
              .append(" | ")
              .append(p[2].isEmpty() ? "core" : p[2])
              .append(" | ")
              .append(String.join(", ", resources))
              .append(" | ")
              .append(p[4])
              .append(" | ")
              .append(p[1])
              .append(p[3].isEmpty() ? "" : "; names: " + p[3])
              .append(" | ? | ? |\n");
        });
    return b.toString();
  }

  static Map<String, ClusterRole> clusterRoles(List<HasMetadata> objects) {
    Map<String, ClusterRole> clusterRoles = new LinkedHashMap<>();
    for (HasMetadata o : objects) {
      if (o instanceof ClusterRole r) {
        clusterRoles.put(r.getMetadata().getName(), r);
      }
    }
    return clusterRoles;
  }

  static Map<String, Role> roles(List<HasMetadata> objects) {
    Map<String, Role> roles = new LinkedHashMap<>();
    for (HasMetadata o : objects) {
      if (o instanceof Role r) {
        roles.put(r.getMetadata().getNamespace() + "/" + r.getMetadata().getName(), r);
      }
    }
    return roles;
  }

  /**
   * Who gets which role where: the bindings of the files to operator ServiceAccounts, and the
   * run-time bindings in account namespaces that the table names.
   */
  static List<Grant> grants(List<HasMetadata> objects, List<Row> rows) {
    List<Grant> grants = new ArrayList<>();
    for (HasMetadata o : objects) {
      if (o instanceof ClusterRoleBinding b) {
        for (String op : operators(b.getSubjects())) {
          grants.add(grant(op, b.getRoleRef(), null, "cluster", "ClusterRoleBinding " + name(b)));
        }
      } else if (o instanceof RoleBinding b) {
        String ns = b.getMetadata().getNamespace();
        for (String op : operators(b.getSubjects())) {
          grants.add(
              grant(
                  op, b.getRoleRef(), ns, "namespace " + ns, "RoleBinding " + ns + "/" + name(b)));
        }
      }
    }
    // ClusterRoles bound at run time, in account namespaces, by RoleBindings the account operator
    // creates: the table names them in the scope "provider|tenant|account namespaces via
    // <ClusterRole>"
    for (Row row : rows) {
      String via = viaClusterRole(row.scope());
      if (via != null) {
        grants.add(new Grant(row.identity(), "ClusterRole", via, null, row.scope(), "run time"));
      }
    }
    return grants;
  }

  /**
   * The ClusterRoles whose rules an identity holds: those bound to it and those aggregated into
   * them (by the labels of their aggregationRule).
   */
  static Set<String> heldClusterRoles(
      String identity, List<Grant> grants, Map<String, ClusterRole> clusterRoles) {
    Set<String> held = new TreeSet<>();
    for (Grant g : grants) {
      if (g.identity().equals(identity) && g.roleKind().equals("ClusterRole")) {
        held.add(g.roleName());
        ClusterRole r = clusterRoles.get(g.roleName());
        if (r != null && r.getAggregationRule() != null) {
          for (var selector : r.getAggregationRule().getClusterRoleSelectors()) {
            Map<String, String> match =
                selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
            for (ClusterRole c : clusterRoles.values()) {
              Map<String, String> labels =
                  c.getMetadata().getLabels() == null ? Map.of() : c.getMetadata().getLabels();
              if (!match.isEmpty() && labels.entrySet().containsAll(match.entrySet())) {
                held.add(c.getMetadata().getName());
              }
            }
          }
        }
      }
    }
    return held;
  }

  // ---- the generated files --------------------------------------------------------------------

  static List<HasMetadata> rbacObjects() {
    List<HasMetadata> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(REPO.resolve("k8s/rbac"))) {
      for (Path f :
          files
              .filter(p -> p.toString().endsWith(".yaml"))
              .filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
              .sorted()
              .toList()) {
        all.addAll(load(f));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all;
  }

  static List<HasMetadata> load(Path yaml) {
    try (InputStream in = Files.newInputStream(yaml)) {
      Object parsed = Serialization.unmarshal(in);
      List<HasMetadata> objects = new ArrayList<>();
      if (parsed instanceof List<?> list) {
        list.forEach(o -> objects.add((HasMetadata) o));
      } else if (parsed instanceof KubernetesList list) {
        objects.addAll(list.getItems());
      } else if (parsed instanceof HasMetadata single) {
        objects.add(single);
      }
      return objects;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String name(HasMetadata o) {
    return o.getMetadata().getName();
  }

  /** The operators (ServiceAccounts in kubecarrier-system) among a binding's subjects. */
  static List<String> operators(List<Subject> subjects) {
    List<String> ops = new ArrayList<>();
    for (Subject s : subjects == null ? List.<Subject>of() : subjects) {
      if ("ServiceAccount".equals(s.getKind())
          && (s.getNamespace() == null || SYSTEM.equals(s.getNamespace()))) {
        ops.add(s.getName());
      }
    }
    return ops;
  }

  static Grant grant(String op, RoleRef ref, String ns, String scope, String via) {
    return new Grant(op, ref.getKind(), ref.getName(), ns, scope, via);
  }

  static List<Atom> atoms(String identity, String scope, PolicyRule rule) {
    List<Atom> atoms = new ArrayList<>();
    Set<String> names =
        new TreeSet<>(rule.getResourceNames() == null ? List.of() : rule.getResourceNames());
    if (rule.getNonResourceURLs() != null && !rule.getNonResourceURLs().isEmpty()) {
      for (String url : rule.getNonResourceURLs()) {
        for (String verb : rule.getVerbs()) {
          atoms.add(new Atom(identity, "nonResourceURLs", url, verb, scope, names));
        }
      }
    }
    for (String group : rule.getApiGroups() == null ? List.<String>of() : rule.getApiGroups()) {
      for (String resource :
          rule.getResources() == null ? List.<String>of() : rule.getResources()) {
        for (String verb : rule.getVerbs()) {
          atoms.add(new Atom(identity, group, resource, verb, scope, names));
        }
      }
    }
    return atoms;
  }

  /** Whether a row covers an atom: same identity, scope, group, resource, verb and names. */
  static boolean covers(Row r, Atom a) {
    if (r.aggregated()) {
      return false;
    }
    return r.identity().equals(a.identity())
        && r.scope().equals(a.scope())
        && r.groups().contains(a.group())
        && r.resources().contains(a.resource())
        && r.verbs().contains(a.verb())
        && namesCover(r.names(), a.names());
  }

  /**
   * Whether a row's resourceNames cover a rule's: an unrestricted rule needs an unrestricted row, a
   * rule restricted to names needs a row that lists them all.
   */
  static boolean namesCover(Set<String> rowNames, Set<String> ruleNames) {
    return ruleNames.isEmpty()
        ? rowNames.isEmpty()
        : !rowNames.isEmpty() && rowNames.containsAll(ruleNames);
  }

  static boolean sameButNames(Atom a, Atom b) {
    return a.identity().equals(b.identity())
        && a.group().equals(b.group())
        && a.resource().equals(b.resource())
        && a.verb().equals(b.verb())
        && a.scope().equals(b.scope());
  }

  static final Pattern VIA = Pattern.compile("(?:account|provider|tenant) namespaces via (\\S+)");

  static String viaClusterRole(String scope) {
    Matcher m = VIA.matcher(scope);
    return m.matches() ? m.group(1) : null;
  }

  /** Whether rows bind the ClusterRole at run time (people's roles and the operators' ones). */
  static boolean boundToPeople(String clusterRole, List<Row> rows) {
    return rows.stream().anyMatch(r -> clusterRole.equals(viaClusterRole(r.scope())));
  }

  static final Pattern CHECK = Pattern.compile("\\b([A-Z][A-Za-z0-9]*(?:IT|Test))\\b");

  static List<String> checks(String checkedBy) {
    List<String> found = new ArrayList<>();
    Matcher m = CHECK.matcher(checkedBy);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

  /** The attempts a row quotes ("..."): texts of PrivilegeIT's attempts. */
  static List<String> quoted(String checkedBy) {
    List<String> found = new ArrayList<>();
    Matcher m = QUOTED.matcher(checkedBy.replace("`", ""));
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  static String privilegeItSource() {
    try {
      // the formatter may break a long literal: compare without the line breaks of the source
      return Files.readString(
              REPO.resolve("e2e/src/test/java/io/kubecarrier/e2e/security/PrivilegeIT.java"))
          .replaceAll("\"\\s*\\+\\s*\"", "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final Map<String, Boolean> CLASSES = new LinkedHashMap<>();

  static synchronized boolean classExists(String simpleName) {
    return CLASSES.computeIfAbsent(
        simpleName,
        n -> {
          try (Stream<Path> s = Files.walk(REPO)) {
            return s.filter(
                    p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
                .anyMatch(p -> p.getFileName().toString().equals(n + ".java"));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  // ---- the table ------------------------------------------------------------------------------

  /**
   * The rows of the first table of docs/security.md whose header is {@link #HEADER}. Cells: values
   * separated by commas, backticks ignored; API group {@code core} is the core group; scope {@code
   * cluster}, {@code namespace <ns>} or {@code provider|tenant|account namespaces via
   * <ClusterRole>}, then optionally {@code ; names: a, b} (resourceNames).
   */
  static List<Row> table() {
    List<String> lines;
    try {
      lines = Files.readAllLines(REPO.resolve("docs/security.md"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Row> rows = new ArrayList<>();
    boolean inTable = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (!inTable) {
        if (line.startsWith("|") && cells(line).equals(HEADER)) {
          inTable = true;
          i++; // the |---| line
        }
        continue;
      }
      if (!line.startsWith("|")) {
        break;
      }
      List<String> c = cells(line);
      if (c.size() != HEADER.size()) {
        throw new IllegalStateException(
            "docs/security.md:" + (i + 1) + ": " + c.size() + " cells, expected " + HEADER.size());
      }
      String[] scope = c.get(4).split(";", 2);
      Set<String> names = new TreeSet<>();
      if (scope.length > 1) {
        String n = scope[1].strip();
        if (!n.startsWith("names:")) {
          throw new IllegalStateException(
              "docs/security.md:" + (i + 1) + ": scope suffix must be '; names: ...'");
        }
        names.addAll(list(n.substring("names:".length())));
      }
      Set<String> groups =
          list(c.get(1)).stream()
              .map(g -> g.equals("core") ? "" : g)
              .collect(Collectors.toCollection(LinkedHashSet::new));
      rows.add(
          new Row(
              i + 1,
              c.get(0).replace("`", "").strip(),
              groups,
              list(c.get(2)),
              list(c.get(3)),
              scope[0].replace("`", "").strip().replaceAll("\\s+", " "),
              names,
              c.get(5),
              c.get(6)));
    }
    return rows;
  }

  static List<String> cells(String line) {
    String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
    return Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList();
  }

  static Set<String> list(String cell) {
    return Arrays.stream(cell.replace("`", "").split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty() && !s.equals("-") && !s.equals("—"))
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }
}
