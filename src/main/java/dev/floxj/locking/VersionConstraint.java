package dev.floxj.locking;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A descriptor's {@code version}: a semantic version range as flox takes it (npm's syntax: {@code
 * 1.2.3}, {@code 1.2} = {@code 1.2.x}, {@code ^1.2}, {@code ~1.2}, {@code >=1.0 <2}, {@code 1.0 -
 * 1.4}, {@code ||} between alternatives), or else, for versions that are not semantic (e.g. {@code
 * 5.2p37}), the exact version, optionally written with a leading {@code =}.
 */
public final class VersionConstraint {
  private static final Pattern PARTIAL =
      Pattern.compile(
          "v?(\\d+|[xX*])(?:\\.(\\d+|[xX*])(?:\\.(\\d+|[xX*])(?:-([0-9A-Za-z.-]+))?"
              + "(?:\\+[0-9A-Za-z.-]+)?)?)?");
  private static final Pattern COMPARATOR = Pattern.compile("(<=|>=|<|>|=|~>|~|\\^)?(.*)");

  private final String text;

  /** Alternatives ({@code ||}), each a set of comparators that must all hold; null: exact. */
  private final List<List<Comparator>> alternatives;

  private VersionConstraint(String text, List<List<Comparator>> alternatives) {
    this.text = text;
    this.alternatives = alternatives;
  }

  public static VersionConstraint parse(String text) {
    try {
      List<List<Comparator>> alternatives = new ArrayList<>();
      for (String range : text.split("\\|\\|", -1)) {
        alternatives.add(range(range.trim()));
      }
      return new VersionConstraint(text, alternatives);
    } catch (IllegalArgumentException notARange) {
      return new VersionConstraint(text, null);
    }
  }

  /**
   * Whether {@code version} satisfies this constraint. A pre-release (e.g. {@code 2.0.0-rc1})
   * satisfies a range only when {@code allowPreReleases} or when the range names a pre-release of
   * the same version, as npm does.
   */
  public boolean matches(String version, boolean allowPreReleases) {
    String exact = text.startsWith("=") ? text.substring(1).trim() : text.trim();
    if (version.equals(exact)) {
      return true;
    }
    if (alternatives == null) {
      return false;
    }
    SemVer parsed = SemVer.coerce(version);
    if (parsed == null) {
      return false;
    }
    for (List<Comparator> comparators : alternatives) {
      if (comparators.stream().allMatch(c -> c.test(parsed))
          && (parsed.pre().isEmpty()
              || allowPreReleases
              || namesPreReleaseOf(comparators, parsed))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return text;
  }

  private static boolean namesPreReleaseOf(List<Comparator> comparators, SemVer version) {
    return comparators.stream()
        .anyMatch(c -> !c.version().pre().isEmpty() && c.version().sameRelease(version));
  }

  private static List<Comparator> range(String range) {
    List<Comparator> comparators = new ArrayList<>();
    String[] hyphen = range.split("\\s+-\\s+");
    if (hyphen.length == 2) {
      Partial from = Partial.parse(hyphen[0]);
      Partial to = Partial.parse(hyphen[1]);
      comparators.add(new Comparator(Op.AT_LEAST, from.lowest()));
      comparators.add(to.isComplete() ? new Comparator(Op.AT_MOST, to.lowest()) : to.below());
      return comparators;
    }
    // ">= 1.2" means ">=1.2": join operators to their versions.
    String joined = range.replaceAll("(<=|>=|<|>|=|~>|~|\\^)\\s+", "$1");
    for (String token : joined.isEmpty() ? new String[] {"*"} : joined.split("\\s+")) {
      comparators.addAll(comparator(token));
    }
    return comparators;
  }

  private static List<Comparator> comparator(String token) {
    Matcher matcher = COMPARATOR.matcher(token);
    matcher.matches();
    String op = matcher.group(1) == null ? "" : matcher.group(1);
    Partial partial = Partial.parse(matcher.group(2));
    if (partial.major() == null) {
      return op.equals("<") || op.equals(">") ? List.of(Comparator.NONE) : List.of();
    }
    switch (op) {
      case "":
      case "=":
        return partial.isComplete()
            ? List.of(new Comparator(Op.EXACTLY, partial.lowest()))
            : List.of(new Comparator(Op.AT_LEAST, partial.lowest()), partial.below());
      case "^":
        return List.of(new Comparator(Op.AT_LEAST, partial.lowest()), partial.caretBound());
      case "~":
      case "~>":
        return List.of(
            new Comparator(Op.AT_LEAST, partial.lowest()),
            partial.minor() == null ? partial.below() : partial.nextMinor());
      case ">=":
        return List.of(new Comparator(Op.AT_LEAST, partial.lowest()));
      case ">":
        return List.of(
            partial.isComplete()
                ? new Comparator(Op.ABOVE, partial.lowest())
                : new Comparator(Op.AT_LEAST, partial.below().version().withoutPreRelease()));
      case "<":
        return List.of(new Comparator(Op.BELOW, partial.lowest().withLowestPreRelease()));
      default: // "<="
        return List.of(
            partial.isComplete() ? new Comparator(Op.AT_MOST, partial.lowest()) : partial.below());
    }
  }

  /** A version as a range writes it, where minor and patch may be missing or wildcards (null). */
  private record Partial(Long major, Long minor, Long patch, List<String> pre) {
    static Partial parse(String text) {
      Matcher matcher = PARTIAL.matcher(text);
      if (!matcher.matches()) {
        throw new IllegalArgumentException("not a version range: " + text);
      }
      Long major = number(matcher.group(1));
      Long minor = major == null ? null : number(matcher.group(2));
      Long patch = minor == null ? null : number(matcher.group(3));
      List<String> pre =
          patch == null || matcher.group(4) == null
              ? List.of()
              : List.of(matcher.group(4).split("\\."));
      return new Partial(major, minor, patch, pre);
    }

    private static Long number(String part) {
      return part == null || part.matches("[xX*]") ? null : Long.parseLong(part);
    }

    boolean isComplete() {
      return patch != null;
    }

    SemVer lowest() {
      return new SemVer(major, orZero(minor), orZero(patch), pre);
    }

    /** Below the next version of the last part given: {@code 1.2} → {@code <1.3.0-0}. */
    Comparator below() {
      SemVer bound =
          minor == null
              ? new SemVer(major + 1, 0, 0, List.of())
              : patch == null
                  ? new SemVer(major, minor + 1, 0, List.of())
                  : new SemVer(major, minor, patch + 1, List.of());
      return new Comparator(Op.BELOW, bound.withLowestPreRelease());
    }

    Comparator nextMinor() {
      return new Comparator(
          Op.BELOW, new SemVer(major, minor + 1, 0, List.of()).withLowestPreRelease());
    }

    /** {@code ^}: up to the next change of the first non-zero part given. */
    Comparator caretBound() {
      SemVer bound;
      if (major > 0 || minor == null) {
        bound = new SemVer(major + 1, 0, 0, List.of());
      } else if (minor > 0 || patch == null) {
        bound = new SemVer(0, minor + 1, 0, List.of());
      } else {
        bound = new SemVer(0, 0, patch + 1, List.of());
      }
      return new Comparator(Op.BELOW, bound.withLowestPreRelease());
    }

    private static long orZero(Long part) {
      return part == null ? 0 : part;
    }
  }

  /** How a comparator relates a version to its bound. */
  private enum Op {
    EXACTLY,
    AT_LEAST,
    ABOVE,
    AT_MOST,
    BELOW,
    NOTHING
  }

  /** One {@code <op><version>} of a range. */
  private record Comparator(Op op, SemVer version) {
    static final Comparator NONE = new Comparator(Op.NOTHING, new SemVer(0, 0, 0, List.of()));

    boolean test(SemVer candidate) {
      int order = candidate.compareTo(version);
      switch (op) {
        case EXACTLY:
          return order == 0;
        case AT_LEAST:
          return order >= 0;
        case ABOVE:
          return order > 0;
        case AT_MOST:
          return order <= 0;
        case BELOW:
          return order < 0;
        default:
          return false;
      }
    }
  }

  /** A semantic version; build metadata is ignored, as precedence ignores it. */
  record SemVer(long major, long minor, long patch, List<String> pre)
      implements Comparable<SemVer> {
    private static final Pattern LOOSE =
        Pattern.compile(
            "v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?");

    SemVer {
      pre = List.copyOf(pre);
    }

    /**
     * A package's version read as semantic, {@code 2.12} as {@code 2.12.0}; null when it is not.
     */
    static SemVer coerce(String version) {
      Matcher matcher = LOOSE.matcher(version);
      if (!matcher.matches()) {
        return null;
      }
      try {
        return new SemVer(
            Long.parseLong(matcher.group(1)),
            matcher.group(2) == null ? 0 : Long.parseLong(matcher.group(2)),
            matcher.group(3) == null ? 0 : Long.parseLong(matcher.group(3)),
            matcher.group(4) == null ? List.of() : List.of(matcher.group(4).split("\\.")));
      } catch (NumberFormatException tooLong) {
        return null;
      }
    }

    SemVer withoutPreRelease() {
      return new SemVer(major, minor, patch, List.of());
    }

    SemVer withLowestPreRelease() {
      return new SemVer(major, minor, patch, List.of("0"));
    }

    boolean sameRelease(SemVer other) {
      return major == other.major && minor == other.minor && patch == other.patch;
    }

    @Override
    public int compareTo(SemVer other) {
      int order = Long.compare(major, other.major);
      order = order != 0 ? order : Long.compare(minor, other.minor);
      order = order != 0 ? order : Long.compare(patch, other.patch);
      if (order != 0) {
        return order;
      }
      if (pre.isEmpty() || other.pre.isEmpty()) {
        // A release ranks above its pre-releases.
        return Boolean.compare(pre.isEmpty(), other.pre.isEmpty());
      }
      for (int i = 0; i < Math.min(pre.size(), other.pre.size()); i++) {
        int identifiers = compareIdentifiers(pre.get(i), other.pre.get(i));
        if (identifiers != 0) {
          return identifiers;
        }
      }
      return Integer.compare(pre.size(), other.pre.size());
    }

    private static int compareIdentifiers(String a, String b) {
      boolean aNumeric = a.chars().allMatch(Character::isDigit);
      boolean bNumeric = b.chars().allMatch(Character::isDigit);
      if (aNumeric && bNumeric) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
      }
      if (aNumeric != bNumeric) {
        return aNumeric ? -1 : 1; // numeric identifiers rank below alphanumeric ones
      }
      return a.compareTo(b);
    }
  }
}
