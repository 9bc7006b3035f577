#!/usr/bin/env python3
"""Writes a locked flox environment installing the given store paths by `store-path`.

usage: write-env.py DIR NAME /nix/store/... [/nix/store/...]
"""
import json
import os
import sys

directory, name, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
installs = {f"p{i}": {"store-path": path} for i, path in enumerate(paths)}
toml = 'schema-version = "1.10.0"\n\n[install]\n' + "".join(
    f'{key}.store-path = "{value["store-path"]}"\n' for key, value in installs.items())
lock = {
    "lockfile-version": 1,
    "manifest": {"schema-version": "1.10.0", "install": installs},
    "packages": [
        {"install_id": key, "store_path": value["store-path"], "system": system, "priority": 5}
        for key, value in installs.items()
        for system in ("aarch64-linux", "x86_64-linux")
    ],
}
os.makedirs(os.path.join(directory, ".flox", "env"), exist_ok=True)
with open(os.path.join(directory, ".flox", "env.json"), "w") as f:
    json.dump({"name": name, "version": 1}, f, indent=2)
with open(os.path.join(directory, ".flox", "env", "manifest.toml"), "w") as f:
    f.write(toml)
with open(os.path.join(directory, ".flox", "env", "manifest.lock"), "w") as f:
    json.dump(lock, f, indent=2)
