import importlib
import sys


def load_handler(spec):
    """spec looks like 'package.module:function'."""
    mod_name, _, func = spec.partition(":")
    module = importlib.import_module(mod_name)
    return getattr(module, func)


def builtin(name):
    return getattr(__builtins__, name)


def raw_import(name):
    return __import__(name)


if __name__ == "__main__":
    handler = load_handler(sys.argv[1])
    opener = builtin(sys.argv[2])
    helper = raw_import(sys.argv[3])
    handler(opener, helper)
    g = globals()['__builtins__']
    print(g)
