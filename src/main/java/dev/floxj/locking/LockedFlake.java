package dev.floxj.locking;

import java.time.Instant;

/**
 * A flake reference pinned by {@code nix flake metadata}: the locked URL and what the lock records
 * about the revision.
 *
 * @param url the locked reference, e.g. {@code github:NixOS/nixpkgs/<rev>?narHash=...}
 * @param rev the git revision, else the content hash for sources that have none (paths)
 * @param revCount the revision count, 0 when the source has none
 * @param lastModified the revision's time (the files' for paths), the epoch when unknown
 * @param description the flake's description; null when it has none
 */
record LockedFlake(
    String url, String rev, long revCount, Instant lastModified, String description) {}
