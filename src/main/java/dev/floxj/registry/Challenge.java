package dev.floxj.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code WWW-Authenticate} challenge of a registry: its scheme ({@code basic} or
 * {@code bearer}, lower case) and parameters ({@code realm}, {@code service}, {@code scope},
 * {@code error}). A header may carry several challenges, and values may be quoted and contain
 * commas ({@code scope="repository:a:pull,push"}).
 */
public record Challenge(String scheme, Map<String, String> parameters) {
  public Challenge {
    parameters = Map.copyOf(parameters);
  }

  public Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name));
  }

  public boolean isBearer() {
    return scheme.equals("bearer");
  }

  public boolean isBasic() {
    return scheme.equals("basic");
  }

  /** The challenges of all {@code WWW-Authenticate} header values, in order. */
  public static List<Challenge> parseAll(List<String> headerValues) {
    List<Challenge> challenges = new ArrayList<>();
    for (String value : headerValues) {
      parseInto(value, challenges);
    }
    return challenges;
  }

  private static void parseInto(String header, List<Challenge> into) {
    int i = 0;
    int n = header.length();
    String scheme = null;
    Map<String, String> parameters = new LinkedHashMap<>();
    while (i < n) {
      while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == ',')) {
        i++;
      }
      int start = i;
      while (i < n && header.charAt(i) != ' ' && header.charAt(i) != '=' && header.charAt(i) != ',') {
        i++;
      }
      String token = header.substring(start, i);
      if (token.isEmpty()) {
        break;
      }
      int afterSpaces = i;
      while (afterSpaces < n && header.charAt(afterSpaces) == ' ') {
        afterSpaces++;
      }
      if (afterSpaces < n && header.charAt(afterSpaces) == '=' && scheme != null) {
        i = afterSpaces + 1;
        while (i < n && header.charAt(i) == ' ') {
          i++;
        }
        StringBuilder value = new StringBuilder();
        if (i < n && header.charAt(i) == '"') {
          i++;
          while (i < n && header.charAt(i) != '"') {
            if (header.charAt(i) == '\\' && i + 1 < n) {
              i++;
            }
            value.append(header.charAt(i++));
          }
          i++;
        } else {
          while (i < n && header.charAt(i) != ',' && header.charAt(i) != ' ') {
            value.append(header.charAt(i++));
          }
        }
        parameters.put(token.toLowerCase(Locale.ROOT), value.toString());
      } else {
        if (scheme != null) {
          into.add(new Challenge(scheme, parameters));
          parameters = new LinkedHashMap<>();
        }
        scheme = token.toLowerCase(Locale.ROOT);
      }
    }
    if (scheme != null) {
      into.add(new Challenge(scheme, parameters));
    }
  }
}
