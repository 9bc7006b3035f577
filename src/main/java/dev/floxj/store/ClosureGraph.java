package dev.floxj.store;

import dev.floxj.FloxjException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A closed set of store paths and the references between them (self-references dropped): every
 * reference of a path in the graph is itself in the graph.
 */
public record ClosureGraph(Map<StorePath, Set<StorePath>> references) {

  public ClosureGraph {
    Map<StorePath, Set<StorePath>> copy = new LinkedHashMap<>();
    references.forEach(
        (path, refs) -> {
          Set<StorePath> others = new LinkedHashSet<>(refs);
          others.remove(path);
          copy.put(path, Collections.unmodifiableSet(others));
        });
    copy.forEach(
        (path, refs) -> {
          for (StorePath ref : refs) {
            if (!copy.containsKey(ref)) {
              throw new FloxjException(
                  "The closure is incomplete: " + path + " refers to " + ref + ", which is missing.");
            }
          }
        });
    references = Collections.unmodifiableMap(copy);
  }

  public static ClosureGraph of(Map<StorePath, ? extends Collection<StorePath>> references) {
    Map<StorePath, Set<StorePath>> sets = new LinkedHashMap<>();
    references.forEach((path, refs) -> sets.put(path, new LinkedHashSet<>(refs)));
    return new ClosureGraph(sets);
  }

  public Set<StorePath> paths() {
    return references.keySet();
  }

  public Set<StorePath> referencesOf(StorePath path) {
    Set<StorePath> refs = references.get(path);
    if (refs == null) {
      throw new IllegalArgumentException(path + " is not in this closure");
    }
    return refs;
  }

  public int size() {
    return references.size();
  }
}
