#!/usr/bin/env python3
"""Writes the configuration that nixpkgs' own image streamer (stream_layered_image.py, the program
behind dockerTools.streamLayeredImage and flox containerize) reads, for the same layers floxj made.

  streamer-conf.py FLOXJ_STDERR CONF_OUT CUSTOMISATION_DIR

FLOXJ_STDERR is what `floxj containerize -v` printed: its "Creating layer N from paths: [...]"
lines are the layers, in order. The streamer is run from inside the bench's chroot store (its
working directory is the store's root), so store paths are given as "nix/store/..." and the
tar entries it writes are named "/nix/store/...", exactly as in floxj's layers. The customisation
layer is an empty tar: floxj's activation layer is small and not what is being compared.
"""
import hashlib
import json
import os
import re
import sys
import tarfile

stderr_file, conf_out, custom_dir = sys.argv[1:4]
layers = []
for line in open(stderr_file, encoding="utf-8"):
    match = re.search(r"Creating layer \d+ from paths: \[(.*)\]", line)
    if match:
        paths = [p.strip().strip("'") for p in match.group(1).split(",") if p.strip()]
        layers.append([p.lstrip("/") for p in paths])
if not layers or any("…" in p or "..." in p for layer in layers for p in layer):
    sys.exit("streamer-conf: no full layer list in " + stderr_file + " (run floxj with -v)")

os.makedirs(custom_dir, exist_ok=True)
layer_tar = os.path.join(custom_dir, "layer.tar")
with tarfile.open(layer_tar, "w", format=tarfile.USTAR_FORMAT):
    pass
with open(layer_tar, "rb") as f:
    checksum = hashlib.sha256(f.read()).hexdigest()
with open(os.path.join(custom_dir, "checksum"), "w") as f:
    f.write(checksum)

conf = {
    "architecture": "amd64",
    "config": {},
    "created": "1970-01-01T00:00:01+00:00",
    "mtime": "1970-01-01T00:00:01+00:00",
    "uid": 0, "gid": 0, "uname": "root", "gname": "root",
    "store_dir": "nix/store",
    "from_image": None,
    "repo_tag": "bench-nixpkgs:latest",
    "store_layers": layers,
    "customisation_layer": os.path.abspath(custom_dir),
}
with open(conf_out, "w") as f:
    json.dump(conf, f)
print(f"{len(layers)} layers, {sum(len(layer) for layer in layers)} paths", file=sys.stderr)
