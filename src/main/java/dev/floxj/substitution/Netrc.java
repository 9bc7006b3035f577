package dev.floxj.substitution;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A netrc file ({@code machine HOST login USER password SECRET}, and a {@code default} entry), the
 * way Nix hands it to curl through its {@code netrc-file} setting: the credentials of private
 * binary caches. The first {@code machine} entry for a host wins, {@code default} applies to hosts
 * with none; {@code macdef} bodies are skipped. The JDK has no netrc reader, and the format is a
 * dozen lines, hence this class.
 */
final class Netrc {
  /** A user name and password for one host. */
  record Credentials(String login, String password) {
    @Override
    public String toString() {
      return "Credentials[login=" + login + ", password=<hidden>]";
    }
  }

  private record Entry(String machine, Credentials credentials) {}

  private static final Netrc EMPTY = new Netrc(List.of());

  private final List<Entry> entries;

  private Netrc(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  static Netrc empty() {
    return EMPTY;
  }

  /** The entries of a netrc text. */
  static Netrc parse(String text) {
    List<Entry> entries = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.startsWith("#")) {
        continue;
      }
      String[] words = line.isEmpty() ? new String[0] : line.split("\\s+");
      for (int w = 0; w < words.length; w++) {
        if (words[w].equals("macdef")) {
          // A macro runs to the next empty line; nothing in it is an entry.
          while (i + 1 < lines.length && !lines[i + 1].isBlank()) {
            i++;
          }
          break;
        }
        tokens.add(words[w]);
      }
    }
    String machine = null;
    String login = null;
    String password = null;
    boolean inEntry = false;
    for (int t = 0; t < tokens.size(); t++) {
      String token = tokens.get(t);
      String next = t + 1 < tokens.size() ? tokens.get(t + 1) : null;
      switch (token) {
        case "machine", "default" -> {
          if (inEntry) {
            entries.add(new Entry(machine, new Credentials(login, password)));
          }
          inEntry = true;
          login = null;
          password = null;
          if (token.equals("machine")) {
            machine = next == null ? "" : next.toLowerCase(Locale.ROOT);
            t++;
          } else {
            machine = null;
          }
        }
        case "login" -> {
          login = next;
          t++;
        }
        case "password" -> {
          password = next;
          t++;
        }
        case "account", "port" -> t++;
        default -> {
          // Unknown words are skipped, as curl does.
        }
      }
    }
    if (inEntry) {
      entries.add(new Entry(machine, new Credentials(login, password)));
    }
    return new Netrc(entries);
  }

  /** The credentials for {@code host}: its machine entry, else the default entry. */
  Optional<Credentials> forHost(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    Credentials fallback = null;
    for (Entry entry : entries) {
      if (entry.machine() == null) {
        if (fallback == null) {
          fallback = entry.credentials();
        }
      } else if (entry.machine().equals(name)) {
        return usable(entry.credentials());
      }
    }
    return fallback == null ? Optional.empty() : usable(fallback);
  }

  private static Optional<Credentials> usable(Credentials credentials) {
    if (credentials.login() == null && credentials.password() == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Credentials(
            credentials.login() == null ? "" : credentials.login(),
            credentials.password() == null ? "" : credentials.password()));
  }
}
