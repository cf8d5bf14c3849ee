"""Case files written in YAML, for `docgen.load` (imported when a YAML case is read).

The loader is PyYAML's SafeLoader, stricter: timestamps stay text (the JSON Schema decides
what a date is), and duplicate keys, keys that are not text, merge keys and aliases are
refused, with the line and column.
"""
from __future__ import annotations

from typing import Any

import yaml

from .load import MAX_DEPTH, MAX_NODES, MAX_NUMBER_DIGITS, _reject


class _CaseYamlLoader(yaml.SafeLoader):
    """SafeLoader that leaves timestamps as text (the JSON Schema decides what a date is),
    refuses duplicate keys, keys that are not text and merge keys, and says where."""

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep=deep)
        seen: set = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise yaml.constructor.ConstructorError(None, None, "YAML merge keys (<<) are not allowed",
                                                        key_node.start_mark)
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise yaml.constructor.ConstructorError(None, None, f"key {str(key)[:40]!r} is not text; keys must be text",
                                                        key_node.start_mark)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _yaml_number(kind: str):
    base = yaml.SafeLoader.yaml_constructors[f"tag:yaml.org,2002:{kind}"]

    def construct(loader, node):
        if len(node.value) > MAX_NUMBER_DIGITS:
            raise yaml.constructor.ConstructorError(
                None, None, f"a number written with {len(node.value)} characters (the limit is {MAX_NUMBER_DIGITS})",
                node.start_mark)
        return base(loader, node)
    return construct


_CaseYamlLoader.add_constructor("tag:yaml.org,2002:int", _yaml_number("int"))
_CaseYamlLoader.add_constructor("tag:yaml.org,2002:float", _yaml_number("float"))

_YAML_CODES = (("duplicate key", "input.duplicate_key"), ("key ", "input.key_not_text"),
               ("a number", "input.bad_number"), ("YAML merge", "input.yaml_merge"))

_CaseYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_yaml(text: str) -> Any:
    try:
        nodes = depth = 0
        for event in yaml.parse(text, Loader=_CaseYamlLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise _reject("input.too_deep", f"nested deeper than {MAX_DEPTH} levels",
                                  mark.line + 1, mark.column + 1)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                raise _reject("input.yaml_alias", "YAML aliases (*name) are not allowed in case files",
                              mark.line + 1, mark.column + 1)
            if isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                nodes += 1
                if nodes > MAX_NODES:
                    mark = event.start_mark
                    raise _reject("input.too_many_values", f"the case holds more than {MAX_NODES} values",
                                  mark.line + 1, mark.column + 1)
        return yaml.load(text, Loader=_CaseYamlLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "malformed"
        code = next((c for prefix, c in _YAML_CODES if problem.startswith(prefix)), "input.malformed_yaml")
        raise _reject(code, f"not valid YAML: {problem}",
                      mark.line + 1 if mark else None, mark.column + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise _reject("input.malformed_yaml", f"not valid YAML: {str(exc)[:200]}") from None
    except RecursionError:
        raise _reject("input.too_deep", f"nested deeper than {MAX_DEPTH} levels") from None
    except (ValueError, OverflowError) as exc:  # e.g. an integer with more digits than Python converts
        raise _reject("input.bad_number", f"not valid case YAML: {str(exc)[:200]}") from None
