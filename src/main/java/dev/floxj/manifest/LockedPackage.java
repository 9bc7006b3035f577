package dev.floxj.manifest;

/**
 * One entry of manifest.lock's {@code packages}: one install id resolved for one system. The three
 * shapes are told apart by their keys.
 */
public sealed interface LockedPackage
    permits LockedCatalogPackage, LockedFlakePackage, LockedStorePathPackage {

  String installId();

  /** The Nix system this entry was resolved for, e.g. {@code x86_64-linux}. */
  String system();

  /** The priority recorded in the lock ({@value Descriptor#DEFAULT_PRIORITY} when missing). */
  int priority();
}
