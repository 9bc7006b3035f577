package dev.floxj.activation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Orders the manifest's {@code [vars]} so that each comes after the entries it refers to, as
 * flox does: {@code API_URL = "${BASE_URL}/api"} works whether {@code BASE_URL} is written
 * before or after it. Otherwise the written order stays; entries that refer to each other in a
 * circle keep their written order among themselves.
 */
public final class VarsOrder {
  /** {@code $NAME}, {@code ${NAME}} and {@code ${NAME:-...}} and the like. */
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");

  private VarsOrder() {}

  /** The names a value refers to, in order of first mention. */
  public static Set<String> references(String value) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = REFERENCE.matcher(value);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** {@code vars} reordered; each entry's value is unchanged. */
  public static Map<String, String> of(Map<String, String> vars) {
    List<String> remaining = new ArrayList<>(vars.keySet());
    Map<String, String> ordered = new LinkedHashMap<>();
    while (!remaining.isEmpty()) {
      String next = remaining.get(0);
      for (String candidate : remaining) {
        if (ready(candidate, vars, remaining)) {
          next = candidate;
          break;
        }
      }
      remaining.remove(next);
      ordered.put(next, vars.get(next));
    }
    return ordered;
  }

  private static boolean ready(String name, Map<String, String> vars, List<String> remaining) {
    for (String reference : references(vars.get(name))) {
      if (!reference.equals(name) && remaining.contains(reference)) {
        return false;
      }
    }
    return true;
  }
}
