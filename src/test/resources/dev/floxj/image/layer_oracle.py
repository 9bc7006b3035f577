"""Test oracle: writes a store layer tar to stdout the way nixpkgs' stream_layered_image.py does.

Usage: layer_oracle.py ROOT MTIME UID GID UNAME GNAME STORE_PATH...
Store path /nix/store/x is read from ROOT/nix/store/x but archived as /nix/store/x.
Written for floxj's tests from the documented behaviour of nixpkgs' layer writer.
"""

import pathlib
import sys
import tarfile


def directory_info(name, mode):
    info = tarfile.TarInfo(name)
    info.type = tarfile.DIRTYPE
    info.mode = mode
    return info


def main():
    root_arg, mtime, uid, gid, uname, gname, *store_paths = sys.argv[1:]
    root = pathlib.Path(root_arg)

    def force_owner_and_time(info):
        info.mtime = int(mtime)
        info.uid = int(uid)
        info.gid = int(gid)
        info.uname = uname
        info.gname = gname
        return info

    with tarfile.open(fileobj=sys.stdout.buffer, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        tar.addfile(force_owner_and_time(directory_info("/nix", 0o755)))
        tar.addfile(force_owner_and_time(directory_info("/nix/store", 0o755)))
        for store_path in store_paths:
            top = root / store_path.lstrip("/")
            members = [top] if top.is_symlink() else [top, *top.rglob("*")]
            for member in sorted(members):
                # gettarinfo strips the leading "/", nixpkgs puts it back.
                info = tar.gettarinfo(member, arcname=str(member.relative_to(root)))
                info.name = "/" + info.name
                if info.islnk():
                    info.type = tarfile.REGTYPE
                    info.linkname = ""
                    info.size = member.stat().st_size
                info = force_owner_and_time(info)
                if info.isfile():
                    with open(member, "rb") as content:
                        tar.addfile(info, content)
                else:
                    tar.addfile(info)


if __name__ == "__main__":
    main()
