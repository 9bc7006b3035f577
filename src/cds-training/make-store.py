#!/usr/bin/env python3
"""Writes the small store the CDS training run reads: two store paths and a Nix database.

usage: make-store.py   (from this directory; rewrites store/ and env/)

The database has Nix's schema for ValidPaths and Refs, the only tables floxj reads, in rollback
journal mode so that it opens read-only without -wal/-shm files. The output is committed: the
build must not need Python.
"""
import json
import os
import shutil
import sqlite3

here = os.path.dirname(os.path.abspath(__file__))
store_root = os.path.join(here, "store")
lib = "/nix/store/" + "1" * 32 + "-cds-training-lib-1.0"
app = "/nix/store/" + "2" * 32 + "-cds-training-1.0"

shutil.rmtree(store_root, ignore_errors=True)


def on_disk(path):
    return os.path.join(store_root, path.lstrip("/"))


os.makedirs(os.path.join(on_disk(lib), "share", "doc"))
with open(os.path.join(on_disk(lib), "share", "doc", "README"), "w") as f:
    f.write("A store path for the class-data sharing training run.\n")
long_name = os.path.join(on_disk(lib), "share", "doc", "a-name-longer-than-the-hundred-bytes-of-a-ustar-header-" + "x" * 40)
with open(long_name, "w") as f:
    f.write("PAX\n")
os.makedirs(os.path.join(on_disk(app), "bin"))
with open(os.path.join(on_disk(app), "bin", "hello"), "w") as f:
    f.write("#!/bin/sh\necho hello from " + lib + "\n")
os.chmod(os.path.join(on_disk(app), "bin", "hello"), 0o755)
os.symlink("hello", os.path.join(on_disk(app), "bin", "hi"))

database = os.path.join(store_root, "nix", "var", "nix", "db", "db.sqlite")
os.makedirs(os.path.dirname(database))
db = sqlite3.connect(database)
db.execute("PRAGMA journal_mode = DELETE")
db.executescript("""
CREATE TABLE ValidPaths (
    id               integer primary key autoincrement not null,
    path             text unique not null,
    hash             text not null,
    registrationTime integer not null,
    deriver          text,
    narSize          integer,
    ultimate         integer,
    sigs             text,
    ca               text
);
CREATE TABLE Refs (
    referrer  integer not null,
    reference integer not null,
    primary key (referrer, reference),
    foreign key (referrer) references ValidPaths(id) on delete cascade,
    foreign key (reference) references ValidPaths(id) on delete restrict
);
CREATE INDEX IndexReferrer on Refs(referrer);
CREATE INDEX IndexReference on Refs(reference);
""")
for path in (lib, app):
    db.execute("INSERT INTO ValidPaths (path, hash, registrationTime) VALUES (?, ?, 1)",
               (path, "sha256:" + "0" * 64))
db.execute("INSERT INTO Refs VALUES (2, 1)")
db.commit()
db.close()

env = os.path.join(here, "env")
shutil.rmtree(env, ignore_errors=True)
os.makedirs(os.path.join(env, ".flox", "env"))
install = {"app": {"store-path": app}}
with open(os.path.join(env, ".flox", "env.json"), "w") as f:
    json.dump({"name": "cds-training", "version": 1}, f, indent=2)
with open(os.path.join(env, ".flox", "env", "manifest.toml"), "w") as f:
    f.write('schema-version = "1.10.0"\n\n[install]\napp.store-path = "%s"\n' % app)
lock = {
    "lockfile-version": 1,
    "manifest": {"schema-version": "1.10.0", "install": install},
    "packages": [
        {"install_id": "app", "store_path": app, "system": system, "priority": 5}
        for system in ("aarch64-linux", "x86_64-linux")
    ],
}
with open(os.path.join(env, ".flox", "env", "manifest.lock"), "w") as f:
    json.dump(lock, f, indent=2)
