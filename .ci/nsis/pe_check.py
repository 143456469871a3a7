"""Checks that a Windows executable is CoopDesk as just built: its version resource names
the product and the version, and its icon is the app's icon.

Usage: python3 pe_check.py EXE PRODUCT_NAME VERSION ICO
Prints what it checked; exits 1 with a sentence naming what differs.
"""

import struct
import sys

import pefile


def version_strings(pe):
    strings = {}
    for info in getattr(pe, "FileInfo", None) or []:
        for entry in info:
            for table in getattr(entry, "StringTable", []):
                for key, value in table.entries.items():
                    strings[key.decode()] = value.decode()
    return strings


def icon_images(ico_path):
    data = open(ico_path, "rb").read()
    _, kind, count = struct.unpack_from("<HHH", data, 0)
    assert kind == 1, f"{ico_path} is not an .ico file"
    images = []
    for i in range(count):
        size, offset = struct.unpack_from("<II", data, 6 + 16 * i + 8)
        images.append(data[offset : offset + size])
    return images


def resource_icons(pe):
    icons = []
    for kind in pe.DIRECTORY_ENTRY_RESOURCE.entries:
        if kind.id != pefile.RESOURCE_TYPE["RT_ICON"]:
            continue
        for name in kind.directory.entries:
            for lang in name.directory.entries:
                rva, size = lang.data.struct.OffsetToData, lang.data.struct.Size
                icons.append(pe.get_data(rva, size))
    return icons


def main():
    exe, product, version, ico = sys.argv[1:5]
    pe = pefile.PE(exe)
    strings = version_strings(pe)
    problems = []
    if strings.get("ProductName") != product:
        problems.append(f"its ProductName is {strings.get('ProductName')!r}, not {product!r}")
    for key in ("FileVersion", "ProductVersion"):
        if not strings.get(key, "").startswith(version):
            problems.append(f"its {key} is {strings.get(key)!r}, not {version}")
    icons = resource_icons(pe)
    missing = [i for i, image in enumerate(icon_images(ico)) if image not in icons]
    if missing or not icons:
        problems.append(f"its icons are not those of {ico} (images {missing} missing)")
    if problems:
        print(f"{exe}: " + "; ".join(problems) + ".", file=sys.stderr)
        sys.exit(1)
    print(
        f"{exe}: ProductName {product}, version {strings['FileVersion']}, "
        f"{len(icons)} icon images, those of {ico}"
    )


main()
