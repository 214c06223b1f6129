"""tf1compat's own command-line flags, used by `tf.flags` when absl-py is not installed: absl's parsing rules
(`--name=value`, `--name value`, `--flag`/`--noflag` for booleans, `--` ends flags) and error texts. FLAGS
parses sys.argv on first access, as TF 1's wrapper did."""
from __future__ import annotations

import sys

from ..util.compat import partial


class Error(Exception):
    pass


class UnrecognizedFlagError(Error):
    pass


class IllegalFlagValueError(Error):
    pass


class DuplicateFlagError(Error):
    pass


def _parse_bool(text):
    lowered = str(text).lower()
    if lowered in ("true", "t", "1", "yes", "y"):
        return True
    if lowered in ("false", "f", "0", "no", "n"):
        return False
    raise ValueError(f"Non-boolean argument to boolean flag: {text!r}")


class Flag:
    def __init__(self, name, default, help, parser, kind):
        self.name, self.help, self.parser, self.kind = name, help, parser, kind
        self.default = None if default is None else self.parse(default)
        self.value = self.default
        self.present = False

    def parse(self, text):
        return text if not isinstance(text, str) and self.kind != "list" else self.parser(text)


@partial("without absl-py: no DEFINE_multi_*, validators or flag files")
class FlagValues:
    """The flag registry; attribute access returns a flag's value."""

    def __init__(self):
        object.__setattr__(self, "_flags", {})
        object.__setattr__(self, "_parsed", False)

    def _define(self, flag):
        if flag.name in self._flags:
            raise DuplicateFlagError(f"The flag '{flag.name}' is defined twice.")
        self._flags[flag.name] = flag

    def __getattr__(self, name):
        flags = object.__getattribute__(self, "_flags")
        if name not in flags:
            raise AttributeError(name)
        if not self._parsed:
            self(sys.argv)   # TF 1: the first read parses the command line
        return flags[name].value

    def __setattr__(self, name, value):
        if name not in self._flags:
            raise AttributeError(f"Unknown flag {name!r}: define it first")
        self._flags[name].value = value

    def __contains__(self, name):
        return name in self._flags

    def __iter__(self):
        return iter(self._flags)

    def is_parsed(self):
        return self._parsed

    def mark_as_parsed(self):
        object.__setattr__(self, "_parsed", True)

    def flag_values_dict(self):
        return {name: flag.value for name, flag in self._flags.items()}

    def __call__(self, argv, known_only=False):
        """Parse `argv` (argv[0] is the program); returns [argv[0]] + the arguments that are not flags."""
        argv = list(argv)
        rest, i = argv[:1], 1
        while i < len(argv):
            arg = argv[i]
            i += 1
            if arg == "--":
                rest.extend(argv[i:])
                break
            if not arg.startswith("-") or arg == "-":
                rest.append(arg)
                continue
            name, has_value, value = arg.lstrip("-").partition("=")
            flag = self._flags.get(name)
            if flag is None and name.startswith("no") and name[2:] in self._flags and \
                    self._flags[name[2:]].kind == "bool" and not has_value:
                flag, has_value, value = self._flags[name[2:]], True, "false"
            if flag is None:
                if known_only:
                    rest.append(arg)
                    continue
                raise UnrecognizedFlagError(f"Unknown command line flag '{name}'")
            if not has_value:
                if flag.kind == "bool":
                    value = "true"
                elif i < len(argv):
                    value, i = argv[i], i + 1
                else:
                    raise IllegalFlagValueError(f"Flag --{name} must have a value other than None.")
            try:
                flag.value = flag.parser(value)
            except ValueError as exc:
                raise IllegalFlagValueError(f"flag --{name}={value}: {exc}") from None
            flag.present = True
        self.mark_as_parsed()
        return rest

    def help_text(self):
        return "\n".join(f"  --{name}: {flag.help}\n    (default: {flag.default!r})"
                         for name, flag in sorted(self._flags.items()))


FLAGS = FlagValues()


def _define(kind, parser, public_name):
    def define(name, default, help, flag_values=FLAGS, **extra):
        flag_values._define(Flag(name, default, help, parser(**extra) if extra else parser(), kind))
    define.__name__ = define.__qualname__ = public_name
    return define


def _bounded(convert):
    def make(lower_bound=None, upper_bound=None):
        def parse(text):
            value = convert(text)
            if (lower_bound is not None and value < lower_bound) or (upper_bound is not None and value > upper_bound):
                raise ValueError(f"{value} is not in the range [{lower_bound}, {upper_bound}]")
            return value
        return parse
    return make


def _enum(enum_values=()):
    def parse(text):
        if text not in enum_values:
            raise ValueError(f"value should be one of <{'|'.join(enum_values)}>")
        return text
    return parse


DEFINE_string = _define("string", lambda: str, "DEFINE_string")
DEFINE_integer = _define("int", _bounded(int), "DEFINE_integer")
DEFINE_float = _define("float", _bounded(float), "DEFINE_float")
DEFINE_boolean = DEFINE_bool = _define("bool", lambda: _parse_bool, "DEFINE_boolean")
DEFINE_list = _define("list", lambda: lambda text: [] if not text else
                      (text if isinstance(text, list) else [s.strip() for s in text.split(",")]), "DEFINE_list")


def DEFINE_enum(name, default, enum_values, help, flag_values=FLAGS):  # noqa: N802 - TF's name
    flag_values._define(Flag(name, default, help, _enum(tuple(enum_values)), "enum"))
