package dev.floxj.cli;

/** Entry point of the floxj command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(0);
  }
}
