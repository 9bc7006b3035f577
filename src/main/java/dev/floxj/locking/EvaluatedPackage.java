package dev.floxj.locking;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What evaluation says about one package of a flake for one system; nothing is built yet.
 *
 * @param attrPath the attribute path it was found at, e.g. {@code
 *     legacyPackages.x86_64-linux.hello}
 * @param outputs output name to store path, sorted by name
 * @param outputsToInstall {@code meta.outputsToInstall}, else the first output
 * @param licenses SPDX ids (or short names) of {@code meta.license}
 */
record EvaluatedPackage(
    List<String> attrPath,
    String name,
    String pname,
    String version,
    String drvPath,
    SortedMap<String, String> outputs,
    List<String> outputsToInstall,
    String description,
    List<String> licenses,
    boolean broken,
    boolean unfree) {

  EvaluatedPackage {
    attrPath = List.copyOf(attrPath);
    outputs = Collections.unmodifiableSortedMap(new TreeMap<>(outputs));
    outputsToInstall = List.copyOf(outputsToInstall);
    licenses = List.copyOf(licenses);
  }
}
