"""People and channels by the names typed at the console, and mentions escaped as Slack sends them."""

from __future__ import annotations

import re

from localslack.webapi import FakeSlack, FakeUser

_AT = re.compile(r"(?<![\w<|!^])@")
_HASH = re.compile(r"(?<![\w<&#])#([a-z0-9][a-z0-9_\-]*)")
_WORDS = re.compile(r"[^\s@<>\"]+(?:[ \t]+[^\s@<>\"]+){0,2}")
_TRAILING = ".,;:!?)]}'"


def find_person(fake: FakeSlack, name: str) -> FakeUser | None:
    """A person by Slack id, username, full name or (when unique) first name; never the bot."""
    name = name.strip().strip('"“”').lstrip("@").strip()
    if not name:
        return None
    user = fake.find_user(name)
    if user is None:
        wanted = name.casefold()
        firsts = [
            u
            for u in list(fake.users.values())
            if not u.deleted and u.real_name and u.real_name.split()[0].casefold() == wanted
        ]
        user = firsts[0] if len(firsts) == 1 else None
    if user is None or user.is_bot or user.deleted:
        return None
    return user


# A channel made at the console has an id that spells its name, so that the name survives a
# restart: salesbot stores only channel ids, and the fake Slack forgets its channels when it stops.
# Letters and digits are spelled in capitals; "z", "-" and "_" as "ZZ", "Z1" and "Z2" (Slack ids
# are capitals and digits only), so the spelling reads back exactly.
CHANNEL_PREFIX = "C0"
CHANNEL_ID_LENGTH = 32  # what salesbot keeps of a channel id
_SPELLED = {"z": "ZZ", "-": "Z1", "_": "Z2"}
_READ = {"Z": "z", "1": "-", "2": "_"}


def channel_id_for(name: str) -> str | None:
    """The id of a console channel called ``name`` (lower case, digits, - and _); None when the
    spelling would be longer than a channel id salesbot keeps."""
    channel_id = CHANNEL_PREFIX + "".join(_SPELLED.get(c, c.upper()) for c in name)
    return channel_id if len(channel_id) <= CHANNEL_ID_LENGTH else None


def channel_name_from_id(channel_id: str) -> str | None:
    """The name a console channel id spells (an id from before spelling was exact reads as its
    letters and digits); None for an id the console did not make."""
    if not channel_id.startswith(CHANNEL_PREFIX) or not re.fullmatch(r"[A-Z0-9]+", channel_id[2:]):
        return None
    name, rest = [], iter(channel_id[len(CHANNEL_PREFIX) :])
    for char in rest:
        if char == "Z":
            following = next(rest, "")
            name.append(_READ.get(following, "z" + following.lower()))
        else:
            name.append(char.lower())
    return "".join(name) or None


def find_channel(fake: FakeSlack, name: str) -> dict | None:
    name = name.strip()
    channel = fake.channels.get(name)
    if channel is None:
        wanted = name.lstrip("#").casefold()
        channel = next(
            (c for c in list(fake.channels.values()) if not c["is_im"] and c["name"].casefold() == wanted),
            None,
        )
    return channel


def escape_mentions(text: str, fake: FakeSlack) -> str:
    """``@Kari`` → ``<@U0DEMO005|kari>`` and ``#sales`` → ``<#C0SALES|sales>``, as Slack sends a
    command's text with escaping on. Names that match no one are left as typed."""
    out: list[str] = []
    pos = 0
    for match in _AT.finditer(text):
        if match.start() < pos:
            continue
        replacement, length = _mention_at(text[match.end() :], fake)
        if replacement is not None:
            out += [text[pos : match.start()], replacement]
            pos = match.end() + length
    out.append(text[pos:])
    text = "".join(out)

    def channel(match: re.Match) -> str:
        found = find_channel(fake, match.group(1))
        return f"<#{found['id']}|{found['name']}>" if found else match.group(0)

    return _HASH.sub(channel, text)


def _mention_at(rest: str, fake: FakeSlack) -> tuple[str | None, int]:
    """The escaped form of the mention at the start of ``rest`` (just after an @) and its length."""
    if rest[:1] in ('"', "“"):
        close = min((i for i in (rest.find('"', 1), rest.find("”", 1)) if i > 0), default=-1)
        if close > 0:
            user = find_person(fake, rest[1:close])
            if user is not None:
                return f"<@{user.id}|{user.name}>", close + 1
        return None, 0
    words = _WORDS.match(rest)
    if words is None:
        return None, 0
    spans = list(re.finditer(r"\S+", words.group(0)))
    parts = [span.group(0) for span in spans]
    # The longest run of words that is someone's full name: "@Kari Nordmann great work".
    for count in range(len(parts), 1, -1):
        candidate = " ".join(parts[:count]).rstrip(_TRAILING)
        wanted = candidate.casefold()
        user = next(
            (
                u
                for u in list(fake.users.values())
                if not u.is_bot and not u.deleted and (u.real_name or "").casefold() == wanted
            ),
            None,
        )
        if user is not None:
            last = spans[count - 1]
            return f"<@{user.id}|{user.name}>", last.start() + len(last.group(0).rstrip(_TRAILING))
    word = parts[0].rstrip(_TRAILING)
    if not word:
        return None, 0
    if word.casefold() in ("here", "channel", "everyone"):
        return f"<!{word.casefold()}>", len(word)
    user = find_person(fake, word)
    if user is not None:
        return f"<@{user.id}|{user.name}>", len(word)
    group = next(
        (g for g in list(fake.usergroups.values()) if g["handle"].casefold() == word.casefold()), None
    )
    if group is not None:
        return f"<!subteam^{group['id']}|@{group['handle']}>", len(word)
    return None, 0


def username(real_name: str, taken: set[str]) -> str:
    """A Slack username for ``real_name`` that is not ``taken``: kari, kari.nordmann, kari2..."""
    words = [w.casefold() for w in re.findall(r"\w+", real_name)] or ["user"]
    for candidate in (words[0], ".".join(words), *(f"{words[0]}{n}" for n in range(2, 100))):
        if candidate not in taken:
            return candidate
    return real_name.casefold()
