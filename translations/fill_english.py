"""English is the language of the source texts: fill every empty English entry with its source,
so the English catalog is complete by construction (plural forms included)."""

import sys

from babel.messages.pofile import read_po, write_po

path = sys.argv[1]
with open(path, "rb") as handle:
    catalog = read_po(handle, locale="en")
for message in catalog:
    if not message.id:
        continue
    if isinstance(message.id, tuple | list):
        if not any(message.string):
            message.string = (message.id[0], message.id[1])
    elif not message.string:
        message.string = message.id
    message.flags.discard("fuzzy")
with open(path, "wb") as handle:
    write_po(handle, catalog, width=100, omit_header=False)
