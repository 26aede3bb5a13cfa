"""Reading a settings file (``params/*.yaml``) safely: YAML without aliases (a few hundred
bytes of ``*name`` can expand into gigabytes), without a key given twice, with dates that
exist; every problem names the file and the line, and quotes at most a few hundred
characters of any value."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from wsoa_analysis.errors import QUOTE_LIMIT, ParameterError, Problem, SettingsError, quoted


class _SettingsLoader(yaml.SafeLoader):
    """YAML as settings are written: no aliases (``*name``, which can expand a few hundred
    bytes into gigabytes), no key given twice in one mapping, and dates that exist."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None,
                None,
                f"aliases (*{event.anchor}) are not allowed in settings: write "
                "the value out in full",
                event.start_mark,
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if isinstance(key, str | int | float | bool | dt.date) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"{quoted(key)} is given twice (first on line {seen[key]}): keep one",
                    key_node.start_mark,
                )
            seen.setdefault(key, line)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as err:
            raise yaml.constructor.ConstructorError(
                None, None, f"{quoted(node.value)} is not a real date ({err})", node.start_mark
            ) from err


_SettingsLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _SettingsLoader.construct_yaml_timestamp
)


def setting_lines(node, path=(), out=None) -> dict[tuple, int]:
    """The line each setting is on, by its path of keys (and list positions)."""
    out = {} if out is None else out
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            here = (*path, str(key.value))
            out[here] = key.start_mark.line + 1
            setting_lines(value, here, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, value in enumerate(node.value):
            out[(*path, i)] = value.start_mark.line + 1
            setting_lines(value, (*path, i), out)
    return out


def problem(path: Path, message: str, line: int | None = None) -> SettingsError:
    where = f" (line {line})" if line else ""
    return SettingsError([Problem(str(path), None, None, None, f"{message}{where}")])


def read_yaml(path: Path) -> tuple[dict, dict[tuple, int]]:
    """A settings file's settings, and the line each is on."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise problem(path, f"is not UTF-8 text (byte {err.start})") from err
    except OSError as err:
        raise ParameterError(f"{path}: cannot be read ({err.strerror})") from err
    loader = _SettingsLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        said = str(err.problem or err.context or "")[:QUOTE_LIMIT]
        if not isinstance(err, yaml.composer.ComposerError | yaml.constructor.ConstructorError):
            said = f"is not valid YAML: {said}"
        raise problem(path, said, line) from None
    except yaml.YAMLError as err:
        raise problem(path, f"is not valid YAML: {str(err)[:QUOTE_LIMIT]}") from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise problem(path, "expected settings as 'name: value' lines")
    return data, setting_lines(node)
